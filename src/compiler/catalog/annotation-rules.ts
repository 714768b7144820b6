/**
 * The annotation rules: which annotations may appear where, how often, and with which arguments.
 * Custom annotations pass through as metadata.
 */
import { closestName } from '../../util/closest-name.js';
import type { Annotation, EmbedSpec, PropertyType } from './catalog.js';
import { catalogError } from './catalog-error.js';
import { annotationText, toAnnotation } from './annotation-text.js';
import type { AnnotationDecl } from '../schema/schema-ast.js';

/** What is being annotated, for rules and messages. */
export interface AnnotationSubject {
  readonly file: string;
  /** How messages name it: `node Person`, `Person.name`. */
  readonly label: string;
}

/** Type-level annotations, checked. */
export interface TypeMetadata {
  readonly annotations: readonly Annotation[];
  readonly description: string | null;
  readonly instruction: string | null;
  readonly renameFrom: string | null;
}

/** Property-level annotations, checked; `@key/@unique/@index` are left to the constraints. */
export interface PropertyMetadata {
  readonly annotations: readonly Annotation[];
  readonly description: string | null;
  readonly embed: EmbedSpec | null;
  readonly renameFrom: string | null;
}

/** Constraints that list columns; written bare on a property they are annotations. */
export type ColumnConstraintName = 'key' | 'unique' | 'index';

/** True for the annotations that become single-column constraints on a property. */
export function isConstraintAnnotation(name: string): name is ColumnConstraintName {
  return name === 'key' || name === 'unique' || name === 'index';
}

const ONCE_ON_TYPE = ['description', 'instruction', 'rename_from'];
const ONCE_ON_PROPERTY = ['description', 'embed', 'rename_from', 'key', 'unique', 'index'];
const NOT_ON_TYPE = ['key', 'unique', 'index', 'embed'];

/** Checks the annotations of a node or edge type and extracts their metadata. */
export function typeMetadata(
  decls: readonly AnnotationDecl[],
  subject: AnnotationSubject,
): TypeMetadata {
  checkCommon(decls, subject, ONCE_ON_TYPE);
  for (const decl of decls) {
    if (NOT_ON_TYPE.includes(decl.name)) {
      throw errorAt(
        decl,
        subject,
        `@${decl.name} is not supported as a type annotation (${subject.label})`,
      );
    }
  }
  return {
    annotations: decls.map(toAnnotation),
    description: nonEmptyString(decls, 'description', subject),
    instruction: nonEmptyString(decls, 'instruction', subject),
    renameFrom: renameFrom(decls, subject),
  };
}

/**
 * Checks the annotations of a property of type `type` and extracts their metadata. `onEdge`
 * forbids `@embed`. Whether the `@embed` source exists is checked once all properties are known.
 */
export function propertyMetadata(
  decls: readonly AnnotationDecl[],
  subject: AnnotationSubject,
  property: { readonly type: PropertyType; readonly onEdge: boolean },
): PropertyMetadata {
  checkCommon(decls, subject, ONCE_ON_PROPERTY);
  for (const decl of decls) {
    if (decl.name === 'instruction') {
      throw errorAt(
        decl,
        subject,
        `@instruction is not supported on properties (${subject.label})`,
      );
    }
  }
  return {
    annotations: decls.filter((decl) => !isConstraintAnnotation(decl.name)).map(toAnnotation),
    description: nonEmptyString(decls, 'description', subject),
    embed: embedSpec(decls, subject, property),
    renameFrom: renameFrom(decls, subject),
  };
}

function checkCommon(
  decls: readonly AnnotationDecl[],
  subject: AnnotationSubject,
  once: readonly string[],
): void {
  const seen = new Set<string>();
  for (const decl of decls) {
    if (once.includes(decl.name) && seen.has(decl.name)) {
      throw errorAt(decl, subject, `@${decl.name} may appear at most once on ${subject.label}`);
    }
    seen.add(decl.name);
    const kwargNames = new Set<string>();
    for (const kwarg of decl.kwargs) {
      if (kwargNames.has(kwarg.name)) {
        throw errorAt(
          decl,
          subject,
          `duplicate argument '${kwarg.name}' in @${decl.name} on ${subject.label}`,
        );
      }
      kwargNames.add(kwarg.name);
    }
  }
}

/** `@description("…")` / `@instruction("…")`: one non-empty string literal, no kwargs. */
function nonEmptyString(
  decls: readonly AnnotationDecl[],
  name: string,
  subject: AnnotationSubject,
): string | null {
  const decl = decls.find((candidate) => candidate.name === name);
  if (decl === undefined) return null;
  if (decl.value?.kind !== 'string' || decl.value.value === '' || decl.kwargs.length > 0) {
    throw errorAt(decl, subject, `@${name} on ${subject.label} must be one non-empty string`);
  }
  return decl.value.value;
}

/** `@rename_from("old")`: exactly one non-empty positional value, no kwargs. */
function renameFrom(decls: readonly AnnotationDecl[], subject: AnnotationSubject): string | null {
  const decl = decls.find((candidate) => candidate.name === 'rename_from');
  if (decl === undefined) return null;
  const value = decl.value === null ? '' : annotationText(decl.value);
  if (value === '' || decl.kwargs.length > 0) {
    throw errorAt(
      decl,
      subject,
      `@rename_from on ${subject.label} requires exactly one non-empty name`,
    );
  }
  return value;
}

/** The one keyword argument of `@embed`. */
const EMBED_MODEL = 'model';

/** `@embed("source", model="…")` on a Vector property of a node. */
function embedSpec(
  decls: readonly AnnotationDecl[],
  subject: AnnotationSubject,
  property: { readonly type: PropertyType; readonly onEdge: boolean },
): EmbedSpec | null {
  const decl = decls.find((candidate) => candidate.name === 'embed');
  if (decl === undefined) return null;
  if (property.onEdge) {
    throw errorAt(decl, subject, `@embed is not supported on edge properties (${subject.label})`);
  }
  if (property.type.kind !== 'vector') {
    throw errorAt(decl, subject, `@embed on ${subject.label} requires a Vector property`);
  }
  if (decl.value?.kind !== 'string' || decl.value.value === '') {
    throw errorAt(decl, subject, `@embed on ${subject.label} requires a source property name`);
  }
  const unknown = decl.kwargs.find((kwarg) => kwarg.name !== EMBED_MODEL);
  if (unknown !== undefined) {
    throw errorAt(
      decl,
      subject,
      `@embed on ${subject.label} accepts only the '${EMBED_MODEL}' argument, found '${unknown.name}'`,
      closestName(unknown.name, [EMBED_MODEL]),
    );
  }
  const model = decl.kwargs[0];
  return {
    source: decl.value.value,
    model: model === undefined ? null : annotationText(model.value),
  };
}

function errorAt(
  decl: AnnotationDecl,
  subject: AnnotationSubject,
  message: string,
  suggestion?: string,
): Error {
  return catalogError({ file: subject.file, location: decl.location }, message, suggestion);
}

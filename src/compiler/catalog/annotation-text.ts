import { assertNever } from '../../util/assert-never.js';
import type { Annotation } from './catalog.js';
import type { AnnotationDecl, IdentRef, LiteralValue } from '../schema/schema-ast.js';

/**
 * The text an annotation argument is kept as: a string's decoded content, a number as written,
 * `true`/`false`, or an identifier's name.
 */
export function annotationText(value: LiteralValue | IdentRef): string {
  switch (value.kind) {
    case 'string':
      return value.value;
    case 'integer':
    case 'float':
      return value.text;
    case 'bool':
      return String(value.value);
    case 'ident':
      return value.name;
    default:
      return assertNever(value, 'annotation argument');
  }
}

/** The catalog form of a parsed annotation. */
export function toAnnotation(decl: AnnotationDecl): Annotation {
  return {
    name: decl.name,
    value: decl.value === null ? null : annotationText(decl.value),
    kwargs: Object.fromEntries(
      decl.kwargs.map((kwarg) => [kwarg.name, annotationText(kwarg.value)]),
    ),
  };
}

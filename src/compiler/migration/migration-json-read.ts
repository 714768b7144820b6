/**
 * Reads a migration step back from its wire JSON (the inverse of `migration-json.ts`), so a client
 * holding only a plan's JSON (`schema plan --json`, HTTP schema apply) can render it with
 * `render-step.ts`.
 */
import { OmniError } from '../../util/omni-error.js';
import type {
  Annotation,
  Constraint,
  PropertyType,
  RangeBound,
  ScalarType,
  TypeKind,
} from '../catalog/catalog.js';
import type { LintCode } from './lint-codes.js';
import type { DropMode, MigrationStep } from './migration-step.js';

/** A JSON object as parsed, fields not yet checked. */
type Fields = Readonly<Record<string, unknown>>;

/**
 * The step a JSON object describes. Throws `bad_request` for an object that is not a step.
 *
 * @example renderMigrationStep(migrationStepFromJson({ kind: 'add_type', type_kind: 'node', name: 'X' }))
 */
export function migrationStepFromJson(json: Fields): MigrationStep {
  const typeKind = json.type_kind as TypeKind;
  const typeName = text(json, 'type_name');
  switch (json.kind) {
    case 'add_type':
      return { kind: 'add_type', typeKind, name: text(json, 'name') };
    case 'rename_type':
      return { kind: 'rename_type', typeKind, from: text(json, 'from'), to: text(json, 'to') };
    case 'add_property': {
      const type = json.property_type as Fields;
      return {
        kind: 'add_property',
        typeKind,
        typeName,
        propertyName: text(json, 'property_name'),
        propertyType: propertyTypeFromJson(type),
        nullable: type.nullable === true,
      };
    }
    case 'rename_property':
      return {
        kind: 'rename_property',
        typeKind,
        typeName,
        from: text(json, 'from'),
        to: text(json, 'to'),
      };
    case 'add_constraint':
      return {
        kind: 'add_constraint',
        typeKind,
        typeName,
        constraint: constraintFromJson(json.constraint as Fields),
      };
    case 'extend_enum':
      return {
        kind: 'extend_enum',
        typeKind,
        typeName,
        propertyName: text(json, 'property_name'),
        addedValues: json.added_values as string[],
      };
    case 'update_type_metadata':
      return {
        kind: 'update_type_metadata',
        typeKind,
        name: text(json, 'name'),
        annotations: annotationsFromJson(json.annotations),
      };
    case 'update_property_metadata':
      return {
        kind: 'update_property_metadata',
        typeKind,
        typeName,
        propertyName: text(json, 'property_name'),
        annotations: annotationsFromJson(json.annotations),
      };
    case 'drop_type':
      return { kind: 'drop_type', typeKind, name: text(json, 'name'), mode: json.mode as DropMode };
    case 'drop_property':
      return {
        kind: 'drop_property',
        typeKind,
        typeName,
        propertyName: text(json, 'property_name'),
        mode: json.mode as DropMode,
      };
    case 'unsupported_change':
      return {
        kind: 'unsupported_change',
        entity: text(json, 'entity'),
        reason: text(json, 'reason'),
        code: typeof json.code === 'string' ? (json.code as LintCode) : null,
      };
    default:
      throw new OmniError('bad_request', `not a migration step: ${JSON.stringify(json)}`);
  }
}

function text(json: Fields, field: string): string {
  const value = json[field];
  return typeof value === 'string' ? value : '';
}

function propertyTypeFromJson(type: Fields): PropertyType {
  if (Array.isArray(type.enum_values))
    return { kind: 'enum', values: type.enum_values as string[] };
  if (typeof type.scalar === 'object' && type.scalar !== null)
    return { kind: 'vector', dimension: (type.scalar as { Vector: number }).Vector };
  const scalar = type.scalar as ScalarType;
  return type.list === true ? { kind: 'list', element: scalar } : { kind: 'scalar', scalar };
}

function constraintFromJson(json: Fields): Constraint {
  const [[tag, body]] = Object.entries(json) as [[string, unknown]];
  switch (tag) {
    case 'Key':
      return { kind: 'key', properties: body as string[] };
    case 'Unique':
      return { kind: 'unique', properties: body as string[] };
    case 'Index':
      return { kind: 'index', properties: body as string[] };
    case 'Range': {
      const range = body as Fields;
      return {
        kind: 'range',
        property: text(range, 'property'),
        min: boundFromJson(range.min),
        max: boundFromJson(range.max),
      };
    }
    case 'Check': {
      const check = body as Fields;
      return { kind: 'check', property: text(check, 'property'), pattern: text(check, 'pattern') };
    }
    default:
      throw new OmniError('bad_request', `not a constraint: ${JSON.stringify(json)}`);
  }
}

function boundFromJson(bound: unknown): RangeBound | null {
  if (bound === null || typeof bound !== 'object') return null;
  const tagged = bound as { Integer?: number; Float?: number };
  return tagged.Integer === undefined
    ? { kind: 'float', value: Number(tagged.Float) }
    : { kind: 'integer', value: BigInt(tagged.Integer) };
}

function annotationsFromJson(json: unknown): Annotation[] {
  return (json as Fields[]).map((annotation) => ({
    name: text(annotation, 'name'),
    value: typeof annotation.value === 'string' ? annotation.value : null,
    kwargs: (annotation.kwargs ?? {}) as Record<string, string>,
  }));
}

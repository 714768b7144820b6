/**
 * The wire JSON of a migration plan: steps tagged by snake_case `kind`, `property_type` as
 * `{scalar, nullable, list, enum_values}`, constraints externally tagged (`{"Key": ["a"]}`). Used
 * by `schema plan --json`, HTTP schema apply and cluster plans.
 */
import { assertNever } from '../../util/assert-never.js';
import type { Annotation, Constraint, PropertyType, RangeBound } from '../catalog/catalog.js';
import type { MigrationPlan, MigrationStep } from './migration-step.js';

/** A JSON value. */
export type JsonValue =
  null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { readonly [key: string]: JsonValue };

/**
 * The wire JSON of a plan: `{supported, steps: [...]}`.
 *
 * @example JSON.stringify(migrationPlanToJson(plan))
 */
export function migrationPlanToJson(plan: MigrationPlan): JsonObject {
  return { supported: plan.supported, steps: plan.steps.map(migrationStepToJson) };
}

/** The wire JSON of one step. */
export function migrationStepToJson(step: MigrationStep): JsonObject {
  switch (step.kind) {
    case 'add_type':
      return { kind: step.kind, type_kind: step.typeKind, name: step.name };
    case 'rename_type':
      return { kind: step.kind, type_kind: step.typeKind, from: step.from, to: step.to };
    case 'add_property':
      return {
        kind: step.kind,
        type_kind: step.typeKind,
        type_name: step.typeName,
        property_name: step.propertyName,
        property_type: propertyTypeJson(step.propertyType, step.nullable),
      };
    case 'rename_property':
      return {
        kind: step.kind,
        type_kind: step.typeKind,
        type_name: step.typeName,
        from: step.from,
        to: step.to,
      };
    case 'add_constraint':
      return {
        kind: step.kind,
        type_kind: step.typeKind,
        type_name: step.typeName,
        constraint: constraintJson(step.constraint),
      };
    case 'extend_enum':
      return {
        kind: step.kind,
        type_kind: step.typeKind,
        type_name: step.typeName,
        property_name: step.propertyName,
        added_values: step.addedValues,
      };
    case 'update_type_metadata':
      return {
        kind: step.kind,
        type_kind: step.typeKind,
        name: step.name,
        annotations: step.annotations.map(annotationJson),
      };
    case 'update_property_metadata':
      return {
        kind: step.kind,
        type_kind: step.typeKind,
        type_name: step.typeName,
        property_name: step.propertyName,
        annotations: step.annotations.map(annotationJson),
      };
    case 'drop_type':
      return { kind: step.kind, type_kind: step.typeKind, name: step.name, mode: step.mode };
    case 'drop_property':
      return {
        kind: step.kind,
        type_kind: step.typeKind,
        type_name: step.typeName,
        property_name: step.propertyName,
        mode: step.mode,
      };
    case 'unsupported_change':
      return {
        kind: step.kind,
        entity: step.entity,
        reason: step.reason,
        ...(step.code === null ? {} : { code: step.code }),
      };
    default:
      return assertNever(step, 'migration step');
  }
}

/** `{scalar, nullable, list, enum_values}`; an enum is a String with values, a vector `{"Vector": N}`. */
function propertyTypeJson(type: PropertyType, nullable: boolean): JsonObject {
  switch (type.kind) {
    case 'scalar':
      return { scalar: type.scalar, nullable, list: false, enum_values: null };
    case 'list':
      return { scalar: type.element, nullable, list: true, enum_values: null };
    case 'enum':
      return { scalar: 'String', nullable, list: false, enum_values: type.values };
    case 'vector':
      return { scalar: { Vector: type.dimension }, nullable, list: false, enum_values: null };
    default:
      return assertNever(type, 'property type');
  }
}

function constraintJson(constraint: Constraint): JsonObject {
  switch (constraint.kind) {
    case 'key':
      return { Key: constraint.properties };
    case 'unique':
      return { Unique: constraint.properties };
    case 'index':
      return { Index: constraint.properties };
    case 'range':
      return {
        Range: {
          property: constraint.property,
          min: boundJson(constraint.min),
          max: boundJson(constraint.max),
        },
      };
    case 'check':
      return { Check: { property: constraint.property, pattern: constraint.pattern } };
    default:
      return assertNever(constraint, 'constraint');
  }
}

/** JSON numbers are doubles: an integer bound beyond 2^53 loses precision here, as in any JSON reader. */
function boundJson(bound: RangeBound | null): JsonValue {
  if (bound === null) return null;
  return bound.kind === 'integer' ? { Integer: Number(bound.value) } : { Float: bound.value };
}

function annotationJson(annotation: Annotation): JsonObject {
  const base = { name: annotation.name, value: annotation.value };
  return Object.keys(annotation.kwargs).length === 0
    ? base
    : { ...base, kwargs: annotation.kwargs };
}

import type { Property, SchemaType } from '../catalog/catalog.js';
import { formatPropertyType } from '../catalog/property-type.js';
import type { MigrationStep } from './migration-step.js';
import {
  annotationsDiffer,
  entityName,
  metadataAnnotations,
  type PlanContext,
  type TypePair,
} from './plan-context.js';

/**
 * The property steps of one type present in both catalogs: for each desired property in order,
 * its rename, addition, type change and metadata change; then the drops.
 */
export function propertySteps(pair: TypePair, context: PlanContext): MigrationStep[] {
  const acceptedById = new Map(pair.accepted.properties.map((property) => [property.id, property]));
  const desiredIds = new Set(pair.desired.properties.map((property) => property.id));
  return [
    ...pair.desired.properties.flatMap((property) => {
      const previous = acceptedById.get(property.id);
      return previous === undefined
        ? addedProperty(pair, property, context)
        : changedProperty(pair.desired, previous, property);
    }),
    ...pair.accepted.properties
      .filter((property) => !desiredIds.has(property.id))
      .map((property) => droppedProperty(pair, property, context)),
  ];
}

/** A required property cannot be added to rows that have no value for it. */
function addedProperty(pair: TypePair, property: Property, context: PlanContext): MigrationStep[] {
  const type = pair.desired;
  if (!property.nullable && context.isPopulated(pair.accepted)) {
    return [
      {
        kind: 'unsupported_change',
        entity: entityName(type, property.name),
        reason: `adding required property '${type.name}.${property.name}' is not supported while '${type.name}' holds data; declare it nullable`,
        code: 'OG-MF-103',
      },
    ];
  }
  return [
    {
      kind: 'add_property',
      typeKind: type.kind,
      typeName: type.name,
      propertyName: property.name,
      propertyType: property.type,
      nullable: property.nullable,
    },
  ];
}

function changedProperty(
  type: SchemaType,
  previous: Property,
  property: Property,
): MigrationStep[] {
  const steps: MigrationStep[] = [];
  const base = { typeKind: type.kind, typeName: type.name } as const;
  if (previous.name !== property.name) {
    steps.push({ kind: 'rename_property', ...base, from: previous.name, to: property.name });
  }
  steps.push(...typeChange(type, previous, property));
  const annotations = metadataAnnotations(property.annotations);
  if (annotationsDiffer(metadataAnnotations(previous.annotations), annotations)) {
    steps.push({
      kind: 'update_property_metadata',
      ...base,
      propertyName: property.name,
      annotations,
    });
  }
  return steps;
}

/**
 * Only widening an enum is a supported type change; anything else (another type, enum
 * narrowing or value rename, enum <-> String, nullability) is `OG-MF-106`.
 */
function typeChange(type: SchemaType, previous: Property, property: Property): MigrationStep[] {
  const before = formatPropertyType(previous.type, previous.nullable);
  const after = formatPropertyType(property.type, property.nullable);
  if (before === after) return [];
  const added = enumWidening(previous, property);
  if (added !== null) {
    return [
      {
        kind: 'extend_enum',
        typeKind: type.kind,
        typeName: type.name,
        propertyName: property.name,
        addedValues: added,
      },
    ];
  }
  return [
    {
      kind: 'unsupported_change',
      entity: entityName(type, property.name),
      reason: `changing property '${type.name}.${property.name}' from ${before} to ${after} is not supported`,
      code: 'OG-MF-106',
    },
  ];
}

/** The values an enum gains when it only gains values (nullability unchanged); else null. */
function enumWidening(previous: Property, property: Property): readonly string[] | null {
  if (
    previous.type.kind !== 'enum' ||
    property.type.kind !== 'enum' ||
    previous.nullable !== property.nullable
  ) {
    return null;
  }
  const before = new Set(previous.type.values);
  const after = new Set(property.type.values);
  if (![...before].every((value) => after.has(value))) return null;
  return property.type.values.filter((value) => !before.has(value));
}

function droppedProperty(pair: TypePair, property: Property, context: PlanContext): MigrationStep {
  const type = pair.desired;
  if (context.refusePopulatedDrops && context.isPopulated(pair.accepted)) {
    return {
      kind: 'unsupported_change',
      entity: entityName(type, property.name),
      reason: `removing property '${type.name}.${property.name}' is not supported while '${type.name}' holds data`,
      code: 'OG-DS-104',
    };
  }
  return {
    kind: 'drop_property',
    typeKind: type.kind,
    typeName: type.name,
    propertyName: property.name,
    mode: context.mode,
  };
}

/**
 * The table layout of node and edge types (docs/reference/storage-layout.md) and the indexes
 * the engine builds on each column (docs/reference/query.md, "Indexes").
 *
 * Index rule:
 * - identity columns (`id`; for edges also `src`, `dst`) always get a B-tree;
 * - a `Vector(N)` property always gets a vector index (`nearest` needs one to be fast, and no
 *   annotation asks for it);
 * - other properties get an index only when a `@key`, `@unique` or `@index` names them (the
 *   declared intent): a B-tree for enums, Bool, integers, floats, Date and DateTime; for a String,
 *   a B-tree when only `@key`/`@unique` name it (exact lookups), and full-text first plus a B-tree
 *   when `@index` names it, since `@index` on a String is how a schema declares searchable text;
 * - lists and Blobs get none.
 */
import { assertNever } from '../../util/assert-never.js';
import type {
  ArrowScalarType,
  ArrowType,
  Column,
  Constraint,
  IndexKind,
  Property,
  PropertyType,
  ScalarType,
} from './catalog.js';

const ARROW_SCALARS: Readonly<Record<ScalarType, ArrowScalarType>> = {
  String: { kind: 'utf8' },
  Blob: { kind: 'large_binary' },
  Bool: { kind: 'bool' },
  I32: { kind: 'int32' },
  I64: { kind: 'int64' },
  U32: { kind: 'uint32' },
  U64: { kind: 'uint64' },
  F32: { kind: 'float32' },
  F64: { kind: 'float64' },
  Date: { kind: 'date32' },
  DateTime: { kind: 'date64' },
};

/** The Arrow type a property's column has. */
export function arrowTypeOf(type: PropertyType): ArrowType {
  switch (type.kind) {
    case 'scalar':
      return ARROW_SCALARS[type.scalar];
    case 'list':
      return { kind: 'list', element: ARROW_SCALARS[type.element] };
    case 'enum':
      return { kind: 'utf8' };
    case 'vector':
      return { kind: 'fixed_size_list', dimension: type.dimension };
    default:
      return assertNever(type, 'property type');
  }
}

/** The columns of a node (`kind` node) or edge table, identity columns first. */
export function tableColumns(
  kind: 'node' | 'edge',
  properties: readonly Property[],
  constraints: readonly Constraint[],
): readonly Column[] {
  const identity = kind === 'node' ? ['id'] : ['id', 'src', 'dst'];
  return [
    ...identity.map((name): Column => identityColumn(name)),
    ...properties.map((property) => propertyColumn(property, constraints)),
  ];
}

function identityColumn(name: string): Column {
  return { name, type: { kind: 'utf8' }, nullable: false, propertyId: null, indexes: ['btree'] };
}

function propertyColumn(property: Property, constraints: readonly Constraint[]): Column {
  return {
    name: property.name,
    type: arrowTypeOf(property.type),
    nullable: property.nullable,
    propertyId: property.id,
    indexes: propertyIndexes(property, constraints),
  };
}

function propertyIndexes(property: Property, constraints: readonly Constraint[]): IndexKind[] {
  const { type } = property;
  if (type.kind === 'vector') return ['vector'];
  if (type.kind === 'list' || (type.kind === 'scalar' && type.scalar === 'Blob')) return [];
  const naming = constraints.filter(
    (constraint) => 'properties' in constraint && constraint.properties.includes(property.name),
  );
  if (naming.length === 0) return [];
  const textIndexed =
    type.kind === 'scalar' &&
    type.scalar === 'String' &&
    naming.some((constraint) => constraint.kind === 'index');
  return textIndexed ? ['fts', 'btree'] : ['btree'];
}

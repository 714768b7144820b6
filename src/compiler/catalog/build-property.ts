import { assertNever } from '../../util/assert-never.js';
import type { Property, PropertyType, TypeKind } from './catalog.js';
import { catalogError, type CatalogErrorSite } from './catalog-error.js';
import { propertyMetadata } from './annotation-rules.js';
import type { CoreTypeRef, PropertyDecl } from '../schema/schema-ast.js';

/** Lance's own row columns; a property may not shadow them. */
const RESERVED_PROPERTY_NAMES = [
  '_rowid',
  '_rowaddr',
  '_rowoffset',
  '_row_created_at_version',
  '_row_last_updated_at_version',
];

/** Identity columns of each table; a property may not shadow them either. */
const IDENTITY_COLUMNS: Readonly<Record<TypeKind, readonly string[]>> = {
  interface: ['id'],
  node: ['id'],
  edge: ['id', 'src', 'dst'],
};

/** Largest `Vector(N)` dimension (Arrow's FixedSizeList length is an i32). */
export const MAX_VECTOR_DIMENSION = 2 ** 31 - 1;

/** The type that declares a property. */
export interface PropertyOwner {
  readonly file: string;
  readonly kind: TypeKind;
  readonly typeName: string;
}

/** A property before it is given its stable id. */
export type UnidentifiedProperty = Omit<Property, 'id'>;

/** Checks one property declaration and builds its catalog entry, all but the stable id. */
export function buildProperty(decl: PropertyDecl, owner: PropertyOwner): UnidentifiedProperty {
  const label = `${owner.typeName}.${decl.name}`;
  const site = { file: owner.file, location: decl.location };
  if (
    RESERVED_PROPERTY_NAMES.includes(decl.name) ||
    IDENTITY_COLUMNS[owner.kind].includes(decl.name)
  ) {
    throw catalogError(site, `property name '${decl.name}' is reserved (${label})`);
  }
  const type = buildPropertyType(decl.type.core, label, owner.file, decl);
  const metadata = propertyMetadata(
    decl.annotations,
    { file: owner.file, label },
    { type, onEdge: owner.kind === 'edge' },
  );
  return { name: decl.name, type, nullable: decl.type.nullable, ...metadata };
}

function buildPropertyType(
  core: CoreTypeRef,
  label: string,
  file: string,
  decl: PropertyDecl,
): PropertyType {
  const site = { file, location: decl.type.location };
  switch (core.kind) {
    case 'scalar':
      return core;
    case 'list':
      if (core.element === 'Blob') throw catalogError(site, 'list of Blob is not supported');
      return core;
    case 'enum':
      return { kind: 'enum', values: enumValues(core.values, label, site) };
    case 'vector':
      if (core.dimension === 0n) {
        throw catalogError(site, 'Vector dimension must be greater than zero');
      }
      if (core.dimension > BigInt(MAX_VECTOR_DIMENSION)) {
        throw catalogError(site, `Vector dimension must be at most ${MAX_VECTOR_DIMENSION}`);
      }
      return { kind: 'vector', dimension: Number(core.dimension) };
    default:
      return assertNever(core, 'core type');
  }
}

function enumValues(
  values: readonly string[],
  label: string,
  site: CatalogErrorSite,
): readonly string[] {
  if (values.length === 0)
    throw catalogError(site, `enum of ${label} must have at least one value`);
  const sorted = [...values].sort();
  const duplicate = sorted.find((value, i) => sorted[i + 1] === value);
  if (duplicate !== undefined) {
    throw catalogError(site, `enum of ${label} has duplicate value '${duplicate}'`);
  }
  return sorted;
}

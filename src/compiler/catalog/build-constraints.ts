/**
 * The constraint rules: property-level `@key/@unique/@index` desugared to single-column
 * constraints, body constraints checked against the type's properties.
 */
import { closestName } from '../../util/closest-name.js';
import type { SourceLocation } from '../common/source-location.js';
import type { Constraint, Property, PropertyType, RangeBound } from './catalog.js';
import { catalogError, type CatalogErrorSite } from './catalog-error.js';
import { compileCheckPattern } from './check-pattern.js';
import { formatPropertyType, isNumericScalar, isScalarOf } from './property-type.js';
import { findProperty } from './catalog-lookup.js';
import type {
  BodyMember,
  ConstraintArg,
  ConstraintName,
  NumberLiteral,
  PropertyDecl,
} from '../schema/schema-ast.js';
import { isConstraintAnnotation, type ColumnConstraintName } from './annotation-rules.js';
import { assertNever } from '../../util/assert-never.js';

/** The node or edge type whose constraints are built. */
export interface ConstraintOwner {
  readonly file: string;
  readonly kind: 'node' | 'edge';
  readonly typeName: string;
  /** All properties of the type, interface ones included. */
  readonly properties: readonly Property[];
}

/** A constraint as written, before checking: from a body or from a property annotation. */
interface WrittenConstraint {
  readonly name: ConstraintName;
  readonly args: readonly ConstraintArg[];
  readonly location: SourceLocation;
}

/**
 * Checks and builds the constraints of a type, in source order. `members` is the body as
 * written; `injected` are the interface properties the node did not redeclare, whose annotations
 * count too.
 */
export function buildConstraints(
  owner: ConstraintOwner,
  members: readonly BodyMember[],
  injected: readonly PropertyDecl[],
): readonly Constraint[] {
  const written = [...members, ...injected].flatMap(writtenConstraints);
  const constraints = written.map((constraint) => buildConstraint(owner, constraint));
  const keys = written.filter((constraint) => constraint.name === 'key');
  const secondKey = keys[1];
  if (secondKey !== undefined) {
    throw catalogError(
      { file: owner.file, location: secondKey.location },
      `node type ${owner.typeName} has multiple @key constraints`,
    );
  }
  return constraints;
}

function writtenConstraints(member: BodyMember): readonly WrittenConstraint[] {
  if (member.kind === 'constraint') return [member];
  return member.annotations.flatMap((annotation) =>
    isConstraintAnnotation(annotation.name)
      ? [
          {
            name: annotation.name,
            args: [{ kind: 'ident', name: member.name, location: member.location }],
            location: annotation.location,
          },
        ]
      : [],
  );
}

function buildConstraint(owner: ConstraintOwner, written: WrittenConstraint): Constraint {
  const site = { file: owner.file, location: written.location };
  if (owner.kind === 'edge' && ['key', 'range', 'check'].includes(written.name)) {
    throw catalogError(site, `@${written.name} constraint is not supported on edges`);
  }
  switch (written.name) {
    case 'key':
    case 'unique':
    case 'index':
      return {
        kind: written.name,
        properties: columnList(owner, written.name, written.args, site),
      };
    case 'range':
      return rangeConstraint(owner, written, site);
    case 'check':
      return checkConstraint(owner, written, site);
    default:
      return assertNever(written.name, 'constraint name');
  }
}

/** Type kinds each column constraint refuses; `@key` also refuses nullable properties. */
const REFUSED_TYPES: Readonly<Record<ColumnConstraintName, (type: PropertyType) => boolean>> = {
  key: (type) => type.kind === 'list' || type.kind === 'vector' || isScalarOf(type, 'Blob'),
  unique: (type) => type.kind === 'list' || type.kind === 'vector' || isScalarOf(type, 'Blob'),
  index: (type) => type.kind === 'list' || isScalarOf(type, 'Blob'),
};

/** Edge endpoints that `@unique` and `@index` may name besides properties. */
const EDGE_ENDPOINT_COLUMNS = ['src', 'dst'];

function columnList(
  owner: ConstraintOwner,
  name: ColumnConstraintName,
  args: readonly ConstraintArg[],
  site: CatalogErrorSite,
): readonly string[] {
  return args.map((arg) => {
    if (arg.kind !== 'ident') {
      throw catalogError(site, `@${name} arguments must be property names`);
    }
    if (owner.kind === 'edge' && EDGE_ENDPOINT_COLUMNS.includes(arg.name)) return arg.name;
    const property = existingProperty(owner, name, arg.name, site);
    const label = `${owner.typeName}.${property.name}`;
    if (name === 'key' && property.nullable) {
      throw catalogError(site, `@key property ${label} must not be nullable`);
    }
    if (REFUSED_TYPES[name](property.type)) {
      const type = formatPropertyType(property.type, property.nullable);
      throw catalogError(site, `@${name} is not supported on ${label} of type ${type}`);
    }
    return arg.name;
  });
}

function rangeConstraint(
  owner: ConstraintOwner,
  written: WrittenConstraint,
  site: CatalogErrorSite,
): Constraint {
  const [target, bounds, ...rest] = written.args;
  if (target?.kind !== 'ident' || bounds?.kind !== 'range' || rest.length > 0) {
    throw catalogError(site, '@range expects (property, min..max)');
  }
  const property = existingProperty(owner, 'range', target.name, site);
  const label = `${owner.typeName}.${property.name}`;
  if (property.type.kind !== 'scalar' || !isNumericScalar(property.type.scalar)) {
    const type = formatPropertyType(property.type, property.nullable);
    throw catalogError(site, `@range on ${label} requires a numeric property, found ${type}`);
  }
  const min = rangeBound(bounds.min);
  const max = rangeBound(bounds.max);
  if (min !== null && max !== null && compareBounds(min, max) > 0) {
    throw catalogError(site, `@range on ${label} has min greater than max`);
  }
  return { kind: 'range', property: property.name, min, max };
}

function checkConstraint(
  owner: ConstraintOwner,
  written: WrittenConstraint,
  site: CatalogErrorSite,
): Constraint {
  const [target, pattern, ...rest] = written.args;
  if (target?.kind !== 'ident' || pattern?.kind !== 'string' || rest.length > 0) {
    throw catalogError(site, '@check expects (property, "regex")');
  }
  const property = existingProperty(owner, 'check', target.name, site);
  const label = `${owner.typeName}.${property.name}`;
  if (!isScalarOf(property.type, 'String')) {
    const type = formatPropertyType(property.type, property.nullable);
    throw catalogError(site, `@check on ${label} requires a String property, found ${type}`);
  }
  const compiled = compileCheckPattern(pattern.value);
  if (!compiled.ok) {
    throw catalogError(
      site,
      `@check on ${label} has invalid regex '${pattern.value}': ${compiled.message}`,
    );
  }
  return { kind: 'check', property: property.name, pattern: pattern.value };
}

function existingProperty(
  owner: ConstraintOwner,
  constraint: ConstraintName,
  name: string,
  site: CatalogErrorSite,
): Property {
  const property = findProperty(owner, name);
  if (property === undefined) {
    throw catalogError(
      site,
      `@${constraint} on ${owner.kind} ${owner.typeName} references unknown property '${name}'`,
      closestName(name, columnNames(owner)),
    );
  }
  return property;
}

/** What a constraint of the owner may name: its properties, and an edge's endpoints. */
function columnNames(owner: ConstraintOwner): string[] {
  const properties = owner.properties.map((property) => property.name);
  return owner.kind === 'edge' ? [...properties, ...EDGE_ENDPOINT_COLUMNS] : properties;
}

function rangeBound(literal: NumberLiteral | null): RangeBound | null {
  if (literal === null) return null;
  return literal.kind === 'integer'
    ? { kind: 'integer', value: literal.value }
    : { kind: 'float', value: literal.value };
}

/** Orders two bounds; integers compare exactly, a float against anything as a number. */
function compareBounds(a: RangeBound, b: RangeBound): number {
  if (a.kind === 'integer' && b.kind === 'integer') {
    return a.value === b.value ? 0 : a.value < b.value ? -1 : 1;
  }
  return Number(a.value) - Number(b.value);
}

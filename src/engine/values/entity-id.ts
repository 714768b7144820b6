import { newUlid } from '../../util/ulid.js';
import type { NodeType, Property } from '../../compiler/catalog/catalog.js';
import { findProperty } from '../../compiler/catalog/catalog-lookup.js';
import { OmniError } from '../../util/omni-error.js';
import type { Cell } from '../lance/index.js';
import { formatFloat32 } from './json-text.js';

/**
 * The canonical spelling of one key value (docs/reference/ndjson.md, "Ids"): strings verbatim,
 * integers in decimal, booleans `true`/`false`, Date as its epoch-day integer, DateTime as its
 * epoch-ms integer, finite floats in their stored width with both zeros as `0`.
 */
export function canonicalKeyScalar(property: Property, value: Cell): string {
  if (typeof value === 'string' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new OmniError(
        'bad_request',
        `@key property '${property.name}' cannot hold a non-finite number`,
      );
    }
    if (value === 0) return '0';
    return property.type.kind === 'scalar' && property.type.scalar === 'F32'
      ? formatFloat32(value)
      : String(value);
  }
  throw new OmniError(
    'bad_request',
    `@key property '${property.name}' cannot hold ${JSON.stringify(value)}`,
  );
}

/**
 * The id of a keyed node: its single key value, or for a composite key the JSON array of the
 * canonical values ordered by property id. `row` holds the coerced property values.
 */
export function keyedNodeId(
  type: NodeType,
  key: readonly string[],
  row: Readonly<Record<string, Cell>>,
): string {
  const properties = key.map((name) => {
    const property = findProperty(type, name);
    if (!property)
      throw new OmniError('internal', `@key property '${name}' missing from ${type.name}`);
    return property;
  });
  const parts = [...properties]
    .sort((a, b) => a.id - b.id)
    .map((property) => {
      const value = row[property.name];
      if (value === null || value === undefined) {
        throw new OmniError(
          'bad_request',
          `node ${type.name} missing @key property '${property.name}'`,
        );
      }
      return canonicalKeyScalar(property, value);
    });
  return parts.length === 1 ? (parts[0] ?? '') : JSON.stringify(parts);
}

/** A fresh id for an entity without a key or supplied id. */
export function generatedId(): string {
  return newUlid();
}

import type { EdgeType, NodeType } from '../../../compiler/catalog/catalog.js';
import { findProperty } from '../../../compiler/catalog/catalog-lookup.js';
import { assertNever } from '../../../util/assert-never.js';
import type { Cell } from '../../lance/index.js';

/**
 * Columns whose values follow from the entity id (docs/reference/ndjson.md, "Ids"): a node type
 * keyed by one property has ids that spell the key canonically, so the key's value is parsed back
 * from the id instead of read. Float keys are left out (their canonical spelling merges -0 and 0).
 */
export function derivedColumns(
  type: NodeType | EdgeType,
): ReadonlyMap<string, (id: string) => Cell> {
  if (type.kind !== 'node' || type.key?.length !== 1) return new Map();
  const [name] = type.key;
  const property = name === undefined ? undefined : findProperty(type, name);
  if (property === undefined) return new Map();
  const parse = keyParser(property.type);
  return parse === undefined ? new Map() : new Map([[property.name, parse]]);
}

/** The value of a key spelled as it is in the id (a `String` or enum key): the id itself. */
export const idItself = (id: string): Cell => id;

function keyParser(
  type: NodeType['properties'][number]['type'],
): ((id: string) => Cell) | undefined {
  if (type.kind === 'enum') return idItself;
  if (type.kind !== 'scalar') return undefined;
  switch (type.scalar) {
    case 'String':
      return idItself;
    case 'I32':
    case 'U32':
    case 'Date':
    case 'DateTime':
      return (id) => Number(id);
    case 'I64':
    case 'U64':
      return (id) => BigInt(id);
    case 'Bool':
      return (id) => id === 'true';
    case 'F32':
    case 'F64':
    case 'Blob':
      return undefined;
    default:
      return assertNever(type.scalar, 'scalar type');
  }
}

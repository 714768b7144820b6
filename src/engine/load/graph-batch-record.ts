import type { Catalog, EdgeType, NodeType } from '../../compiler/catalog/catalog.js';
import { findEdgeType, findNodeType, findProperty } from '../../compiler/catalog/catalog-lookup.js';
import { OmniError } from '../../util/omni-error.js';
import {
  isJsonObject,
  parseStrictJson,
  type StrictJsonLimits,
  type StrictJsonValue,
  generatedId,
  keyedNodeId,
  coerceValue,
  checkRowConstraints,
} from '../values/index.js';
import type { Cell, Row } from '../lance/index.js';

/** One validated entity of a load, ready to write. */
export type LoadRecord =
  | {
      readonly kind: 'node';
      readonly line: number;
      readonly type: NodeType;
      readonly id: string;
      /** Whether the id came from the input (`data.id`) or a key, rather than being generated. */
      readonly idSupplied: boolean;
      readonly row: Row;
    }
  | {
      readonly kind: 'edge';
      readonly line: number;
      readonly type: EdgeType;
      readonly id: string;
      readonly idSupplied: boolean;
      readonly src: string;
      readonly dst: string;
      readonly row: Row;
    };

const RESERVED_TOP_LEVEL = new Set([
  '_tombstone',
  '_rowid',
  '_rowaddr',
  '_rowoffset',
  '_row_created_at_version',
  '_row_last_updated_at_version',
]);
const NODE_FIELDS = new Set(['type', 'data']);
const EDGE_FIELDS = new Set(['edge', 'from', 'to', 'data']);

type JsonObject = { readonly [key: string]: StrictJsonValue };

function fail(line: number, message: string): never {
  throw new OmniError('bad_request', `line ${line}: ${message}`, { details: { line } });
}

/** Runs `fn`, prefixing any error it raises with the line number. */
function atLine<T>(line: number, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof OmniError && !error.message.startsWith('line ')) {
      throw new OmniError(error.code, `line ${line}: ${error.message}`, {
        details: { ...error.details, line },
        cause: error,
      });
    }
    throw error;
  }
}

function checkTopLevel(line: number, record: JsonObject, allowed: ReadonlySet<string>): void {
  for (const key of Object.keys(record)) {
    if (RESERVED_TOP_LEVEL.has(key)) fail(line, `'${key}' is a reserved physical top-level field`);
    if (!allowed.has(key)) fail(line, `unknown top-level field '${key}'`);
  }
}

function stringField(line: number, record: JsonObject, field: string): string {
  const value = record[field];
  if (typeof value !== 'string') fail(line, `'${field}' must be a string`);
  return value;
}

function dataOf(line: number, record: JsonObject): JsonObject {
  const data = record.data;
  if (data === undefined) return {};
  if (!isJsonObject(data)) fail(line, "'data' must be a JSON object");
  return data;
}

/** Coerces `data` into the property values of `type`, rejecting unknown fields. */
function propertyValues(
  line: number,
  type: NodeType | EdgeType,
  data: JsonObject,
): Record<string, Cell> {
  const values: Record<string, Cell> = {};
  for (const [field, value] of Object.entries(data)) {
    if (field === 'id') continue;
    const property = findProperty(type, field);
    if (!property) fail(line, `unknown input field '${field}' for '${type.kind}:${type.name}'`);
    values[field] =
      value === null ? null : atLine(line, () => coerceValue(property, type.name, value));
  }
  for (const property of type.properties) values[property.name] ??= null;
  return values;
}

/**
 * The `data.id` of a record, if any. It must be non-empty, except on a keyed node: there it
 * only restates the key, which may be the empty string (and is exported as such).
 */
function suppliedId(line: number, data: JsonObject, keyed: boolean): string | undefined {
  const id = data.id;
  if (id === undefined) return undefined;
  if (typeof id !== 'string' || (id.length === 0 && !keyed))
    fail(line, "'data.id' must be a non-empty string");
  return id;
}

function nodeRecord(catalog: Catalog, line: number, record: JsonObject): LoadRecord {
  checkTopLevel(line, record, NODE_FIELDS);
  const typeName = stringField(line, record, 'type');
  const type = findNodeType(catalog, typeName);
  if (!type) fail(line, `unknown node type '${typeName}'`);
  const data = dataOf(line, record);
  const values = propertyValues(line, type, data);
  const explicit = suppliedId(line, data, type.key !== null);
  let id: string;
  if (type.key) {
    const key = type.key;
    id = atLine(line, () => keyedNodeId(type, key, values));
    if (explicit !== undefined && explicit !== id) {
      fail(
        line,
        `node ${type.name} explicit id '${explicit}' does not match its canonical @key id '${id}'`,
      );
    }
  } else {
    id = explicit ?? generatedId();
  }
  const row: Row = { id, ...values };
  atLine(line, () => {
    checkRowConstraints(type, row);
  });
  return {
    kind: 'node',
    line,
    type,
    id,
    idSupplied: type.key !== null || explicit !== undefined,
    row,
  };
}

function edgeRecord(catalog: Catalog, line: number, record: JsonObject): LoadRecord {
  checkTopLevel(line, record, EDGE_FIELDS);
  const typeName = stringField(line, record, 'edge');
  const type = findEdgeType(catalog, typeName);
  if (!type) fail(line, `unknown edge type '${typeName}'`);
  const src = stringField(line, record, 'from');
  const dst = stringField(line, record, 'to');
  const data = dataOf(line, record);
  for (const structural of ['src', 'dst']) {
    if (structural in data)
      fail(line, `edge data field '${structural}' is reserved structural state`);
  }
  const values = propertyValues(line, type, data);
  const explicit = suppliedId(line, data, false);
  const id = explicit ?? generatedId();
  const row: Row = { id, src, dst, ...values };
  atLine(line, () => {
    checkRowConstraints(type, row);
  });
  return { kind: 'edge', line, type, id, idSupplied: explicit !== undefined, src, dst, row };
}

/**
 * Parses and validates one line of a strict graph batch (docs/reference/ndjson.md) against the
 * catalog: exactly one of `type`/`edge`, only the allowed top-level keys, known types and
 * properties, typed values, derived ids. Every error names the line.
 */
export function parseGraphBatchLine(
  catalog: Catalog,
  text: string,
  line: number,
  limits?: StrictJsonLimits,
): LoadRecord {
  const record = atLine(line, () => parseStrictJson(text, limits));
  if (!isJsonObject(record)) fail(line, 'expected a JSON object');
  const hasType = 'type' in record;
  const hasEdge = 'edge' in record;
  if (hasType === hasEdge) fail(line, "must contain exactly one of 'type' or 'edge'");
  return hasType ? nodeRecord(catalog, line, record) : edgeRecord(catalog, line, record);
}

/**
 * The stored form of a {@link Catalog}: JSON text with a format `version`. Integer `@range`
 * bounds, which are `bigint`, are written as decimal strings so they stay exact.
 */
import { OmniError, messageOf } from '../../util/omni-error.js';
import type { Catalog, Constraint, EdgeType, NodeType, RangeBound } from './catalog.js';

/** The format version written by {@link catalogToJson}; other versions are refused on read. */
export const CATALOG_JSON_VERSION = 1;

/**
 * Serializes a catalog. `catalogFromJson(catalogToJson(c))` deep-equals `c`.
 *
 * @example catalogToJson(compileSchema('node A { x: I32 }')) // '{"version":1,"interfaces":[],…'
 */
export function catalogToJson(catalog: Catalog): string {
  return JSON.stringify({ version: CATALOG_JSON_VERSION, ...catalog }, (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  );
}

/** Reads a catalog written by {@link catalogToJson}; throws `schema_error` on a bad document. */
export function catalogFromJson(text: string): Catalog {
  const document = parseDocument(text);
  if (document.version !== CATALOG_JSON_VERSION) {
    throw invalid(`unsupported catalog format version ${String(document.version)}`);
  }
  const { interfaces, nodeTypes, edgeTypes, nextId } = document;
  if (
    !Array.isArray(interfaces) ||
    !Array.isArray(nodeTypes) ||
    !Array.isArray(edgeTypes) ||
    typeof nextId !== 'number'
  ) {
    throw invalid('catalog document lacks interfaces, nodeTypes, edgeTypes or nextId');
  }
  // The document is our own output: past the shape check, its entries are trusted.
  return {
    interfaces: interfaces as Catalog['interfaces'],
    nodeTypes: (nodeTypes as Stored<NodeType>[]).map((type) => ({
      ...type,
      constraints: type.constraints.map(readConstraint),
    })),
    edgeTypes: (edgeTypes as Stored<EdgeType>[]).map((type) => ({
      ...type,
      constraints: type.constraints.map(readConstraint),
    })),
    nextId,
  };
}

function parseDocument(text: string): Record<string, unknown> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw invalid(`catalog document is not JSON: ${messageOf(error)}`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw invalid('catalog document is not a JSON object');
  }
  return document as Record<string, unknown>;
}

/** A range bound as stored: integers as decimal strings. */
type StoredBound =
  | { readonly kind: 'integer'; readonly value: string }
  | { readonly kind: 'float'; readonly value: number };

type RangeConstraint = Extract<Constraint, { kind: 'range' }>;

type StoredConstraint =
  | Exclude<Constraint, RangeConstraint>
  | (Omit<RangeConstraint, 'min' | 'max'> & {
      readonly min: StoredBound | null;
      readonly max: StoredBound | null;
    });

/** A node or edge type as stored. */
type Stored<T extends NodeType | EdgeType> = Omit<T, 'constraints'> & {
  readonly constraints: readonly StoredConstraint[];
};

function readConstraint(constraint: StoredConstraint): Constraint {
  if (constraint.kind !== 'range') return constraint;
  return { ...constraint, min: readBound(constraint.min), max: readBound(constraint.max) };
}

function readBound(bound: StoredBound | null): RangeBound | null {
  return bound?.kind === 'integer' ? { kind: 'integer', value: BigInt(bound.value) } : bound;
}

function invalid(message: string): OmniError {
  return new OmniError('schema_error', `catalog error: ${message}`);
}

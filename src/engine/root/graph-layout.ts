import { z } from 'zod';
import type { JsonShape } from '../../storage/json-object.js';

/**
 * Where a graph keeps its objects under its root. Our metadata lives under `_og/` and is
 * written through the ObjectStore; each node and edge type is one Lance dataset under
 * `tables/`. Names starting with `_` are reserved at the root.
 */
export const GraphKeys = {
  /** Created once, create-only, by init: it claims the root. */
  marker: '_og/graph.json',
  /** Accepted schema sources and compiled catalogs, immutable, by schema id. */
  schemaSource: (schemaId: string) => `_og/schemas/${schemaId}.pg`,
  schemaCatalog: (schemaId: string) => `_og/schemas/${schemaId}.catalog.json`,
  /** Branch heads: the only publish points, updated by compare-and-swap. */
  head: (branch: string) => `_og/heads/${branch}.json`,
  headsPrefix: '_og/heads/',
  /** Immutable commit records, each holding the manifest it publishes. */
  commit: (commitId: string) => `_og/commits/${commitId}.json`,
  /** Recovery intents of writes in flight (empty in steady state). */
  intent: (operationId: string) => `_og/recovery/${operationId}.json`,
  intentsPrefix: '_og/recovery/',
  /** The cross-process writer lease. */
  lease: '_og/lease.json',
  /** Everything of ours, for the "is this root empty" check of init. */
  metaPrefix: '_og/',
} as const;

/**
 * The name held by a record key under `prefix` (`<prefix><name>.json`: a branch of a head key, an
 * operation of an intent key), or undefined for another key.
 */
export function recordName(prefix: string, key: string): string | undefined {
  return key.startsWith(prefix) && key.endsWith('.json')
    ? key.slice(prefix.length, -'.json'.length)
    : undefined;
}

/** Directory (relative to the root) holding one Lance dataset per type. */
export const TABLES_DIR = 'tables';

/** Where a Lance table lives, relative to the root (`tables/node_1.lance`). */
export function datasetPath(table: string): string {
  return `${TABLES_DIR}/${table}.lance`;
}

// The version of the layout and record formats lives in api: `omnigraph version` prints it
// without loading the engine.
export { GRAPH_FORMAT_VERSION } from '../../api/graph-format-version.js';

/** The object at {@link GraphKeys.marker}: which format wrote the graph, and when. */
export interface GraphMarker {
  readonly format_version: number;
  /** Unix microseconds. */
  readonly created_at: number;
}

/** How {@link GraphMarker} is read back. */
export const GRAPH_MARKER: JsonShape<GraphMarker> = {
  name: 'graph marker',
  schema: z.object({
    format_version: z.number().int().positive(),
    created_at: z.number().int().nonnegative(),
  }),
};

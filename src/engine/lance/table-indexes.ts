import { Index, type Table as LanceTable } from '@lancedb/lancedb';
import { assertNever } from '../../util/assert-never.js';
import { OmniError } from '../../util/omni-error.js';
import { describeColumnType, type ColumnSpec } from './column-spec.js';
import { FTS_TOKENIZER } from './table-search.js';

/** Distance a vector index is built for; a query with another distance silently scans. */
export type VectorDistance = 'l2' | 'cosine' | 'dot';

/** Vector index structures the engine may choose between. */
export type VectorIndexMethod = 'ivf_pq' | 'ivf_flat' | 'hnsw_sq';

/**
 * An index to build, as plain data.
 *
 * @example
 * const byId: IndexRequest = { kind: 'btree', column: 'id' };
 * const text: IndexRequest = { kind: 'fts', column: 'bio', withPositions: true };
 * const ann: IndexRequest = { kind: 'vector', column: 'embedding', method: 'ivf_pq', distance: 'cosine' };
 */
export type IndexRequest = (
  | { readonly kind: 'btree'; readonly column: string }
  | {
      readonly kind: 'fts';
      readonly column: string;
      /** Record token positions, which phrase queries need. */
      readonly withPositions?: boolean;
    }
  | {
      readonly kind: 'vector';
      readonly column: string;
      readonly method: VectorIndexMethod;
      readonly distance: VectorDistance;
      /** IVF partitions; Lance picks from the row count when absent. */
      readonly partitions?: number;
      /** PQ sub-vectors (`ivf_pq` only); must divide the dimension. */
      readonly subVectors?: number;
    }
) & {
  /** The index's name; {@link indexName} of the column by default. */
  readonly name?: string;
};

/** An index that exists at a table version. */
export interface IndexInfo {
  readonly name: string;
  /** Lance's index type, e.g. `BTree`, `FTS`, `IvfPq`. */
  readonly type: string;
  readonly columns: readonly string[];
  /** Rows the index covers; newer rows are scanned until the table is optimized. */
  readonly indexedRows: number;
  readonly unindexedRows: number;
  /** Lance's index-specific settings (an FTS index's tokenizer, a vector index's metric). */
  readonly details: Readonly<Record<string, unknown>>;
}

/** What {@link createIndex} did: the index name and the version its commit created. */
export interface IndexOutcome {
  readonly name: string;
  readonly kind: IndexRequest['kind'];
  readonly column: string;
  readonly version: number;
}

/** The name this layer gives an index: Lance's default, so names are predictable. */
export function indexName(column: string): string {
  return `${column}_idx`;
}

/**
 * Builds (or replaces) an index and returns its name and the new table version. Throws
 * `bad_request` when the column's type does not fit the index kind.
 */
export async function createIndex(
  table: LanceTable,
  columns: readonly ColumnSpec[],
  request: IndexRequest,
): Promise<Omit<IndexOutcome, 'version'>> {
  const column = columns.find((candidate) => candidate.name === request.column);
  if (column === undefined) {
    throw new OmniError('bad_request', `cannot index unknown column '${request.column}'`, {
      details: { column: request.column },
    });
  }
  checkIndexable(column, request);
  const name = request.name ?? indexName(column.name);
  await table.createIndex(column.name, { config: lanceIndex(request), name, replace: true });
  return { name, kind: request.kind, column: column.name };
}

function checkIndexable(column: ColumnSpec, request: IndexRequest): void {
  const kind = column.type.kind;
  const fits =
    request.kind === 'btree'
      ? kind !== 'list' && kind !== 'fixed_size_list' && kind !== 'large_binary'
      : request.kind === 'fts'
        ? kind === 'utf8'
        : kind === 'fixed_size_list';
  if (!fits) {
    throw new OmniError(
      'bad_request',
      `a ${request.kind} index cannot be built on column '${column.name}' of type ${describeColumnType(column.type)}`,
      { details: { column: column.name, index: request.kind } },
    );
  }
}

function lanceIndex(request: IndexRequest): Index {
  switch (request.kind) {
    case 'btree':
      return Index.btree();
    case 'fts':
      return Index.fts({ withPosition: request.withPositions ?? false, ...FTS_TOKENIZER });
    case 'vector':
      return vectorIndex(request);
    default:
      return assertNever(request, 'index request');
  }
}

function vectorIndex(request: Extract<IndexRequest, { kind: 'vector' }>): Index {
  const distanceType = request.distance;
  const numPartitions = request.partitions;
  switch (request.method) {
    case 'ivf_pq':
      return Index.ivfPq({ distanceType, numPartitions, numSubVectors: request.subVectors });
    case 'ivf_flat':
      return Index.ivfFlat({ distanceType, numPartitions });
    case 'hnsw_sq':
      return Index.hnswSq({ distanceType, numPartitions });
    default:
      return assertNever(request.method, 'vector index method');
  }
}

/** The indexes present in the table's checked-out version. */
export async function listIndexes(table: LanceTable): Promise<IndexInfo[]> {
  const configs = await table.listIndices();
  return configs.map((config) => ({
    name: config.name,
    type: config.indexType,
    columns: [...config.columns],
    indexedRows: config.numIndexedRows ?? 0,
    unindexedRows: config.numUnindexedRows ?? 0,
    details: detailsOf(config.indexDetails),
  }));
}

function detailsOf(details: unknown): Readonly<Record<string, unknown>> {
  return typeof details === 'object' && details !== null
    ? (details as Record<string, unknown>)
    : {};
}

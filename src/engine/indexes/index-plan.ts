import type { DeferredIndexOutput, IndexTargetOutput } from '../../api/maintenance-output.js';
import type { Column, EdgeType, IndexKind, NodeType } from '../../compiler/catalog/catalog.js';
import { typeKey } from '../../compiler/catalog/catalog-lookup.js';
import { type IndexInfo, type IndexRequest, FTS_TOKENIZER } from '../lance/index.js';

/** Rows a vector index needs before IVF training makes sense (256 centroids of PQ/IVF). */
export const MIN_VECTOR_INDEX_ROWS = 256;

/** What `ensureIndices` must do on one table. */
export interface TableIndexPlan {
  readonly build: readonly IndexTargetOutput[];
  readonly present: readonly IndexTargetOutput[];
  readonly deferred: readonly DeferredIndexOutput[];
}

/**
 * Compares the indexes the catalog declares on a type's columns (docs/reference/query.md) with
 * those its table has: an index is present when one of its kind covers the column and every row (a
 * full text index also needs the engine's tokenizer); a vector index waits for enough rows to
 * train.
 */
export function planTableIndexes(
  type: NodeType | EdgeType,
  existing: readonly IndexInfo[],
  rowCount: number,
): TableIndexPlan {
  const build: IndexTargetOutput[] = [];
  const present: IndexTargetOutput[] = [];
  const deferred: DeferredIndexOutput[] = [];
  for (const column of type.columns) {
    for (const kind of column.indexes) {
      const target: IndexTargetOutput = { type_key: typeKey(type), column: column.name, kind };
      if (existing.some((index) => covers(index, column, kind))) present.push(target);
      else if (kind === 'vector' && rowCount < MIN_VECTOR_INDEX_ROWS) {
        deferred.push({
          ...target,
          reason: `too few rows to train a vector index (${rowCount} < ${MIN_VECTOR_INDEX_ROWS})`,
        });
      } else build.push(target);
    }
  }
  return { build, present, deferred };
}

/** The Lance index request for a target (IVF-flat cosine for vectors: exact within partitions). */
export function indexRequest(target: IndexTargetOutput): IndexRequest {
  switch (target.kind) {
    case 'btree':
      return { kind: 'btree', column: target.column, name: `${target.column}_idx` };
    case 'fts':
      return {
        kind: 'fts',
        column: target.column,
        withPositions: true,
        name: `${target.column}_fts_idx`,
      };
    case 'vector':
      return {
        kind: 'vector',
        column: target.column,
        method: 'ivf_flat',
        distance: 'cosine',
        name: `${target.column}_vec_idx`,
      };
  }
}

function covers(index: IndexInfo, column: Column, kind: IndexKind): boolean {
  if (!index.columns.includes(column.name) || index.unindexedRows > 0) return false;
  switch (kind) {
    case 'btree':
      return /btree/i.test(index.type);
    case 'fts':
      return (
        /fts|inverted/i.test(index.type) &&
        index.details.stem === FTS_TOKENIZER.stem &&
        index.details.remove_stop_words === FTS_TOKENIZER.removeStopWords &&
        index.details.ascii_folding === FTS_TOKENIZER.asciiFolding &&
        index.details.with_position === true
      );
    case 'vector':
      return (
        /ivf|hnsw|pq/i.test(index.type) &&
        String(index.details.metric_type).toLowerCase() === 'cosine'
      );
  }
}

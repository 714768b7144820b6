import { FTS_TOKENIZER, type IndexInfo, type TableReader } from '../../lance/index.js';
import type { PinnedCache } from '../../search/index.js';

/** The indexes of a table version (listed once per version, in `services.indexLists`). */
export function indexesOf(
  services: { readonly indexLists: PinnedCache<IndexInfo[]> },
  reader: TableReader,
): Promise<IndexInfo[]> {
  return services.indexLists.get(reader, 'indexes', () => reader.listIndexes());
}

/** Index settings that must hold for Lance's answers to equal the in-memory index's. */
const EXPECTED_TOKENIZER: Readonly<Record<string, unknown>> = {
  base_tokenizer: FTS_TOKENIZER.baseTokenizer,
  lower_case: FTS_TOKENIZER.lowercase,
  max_token_length: FTS_TOKENIZER.maxTokenLength,
  stem: FTS_TOKENIZER.stem,
  remove_stop_words: FTS_TOKENIZER.removeStopWords,
  ascii_folding: FTS_TOKENIZER.asciiFolding,
  with_position: true,
};

/**
 * The full-text index of `column` built with the engine's tokenizer (and positions), if any: an
 * index built otherwise (stemming, stop words) would answer differently, so it is not used.
 */
export function textIndexOf(indexes: readonly IndexInfo[], column: string): IndexInfo | undefined {
  return indexes.find(
    (index) =>
      /fts|inverted/i.test(index.type) &&
      index.columns.includes(column) &&
      Object.entries(EXPECTED_TOKENIZER).every(([key, value]) => index.details[key] === value),
  );
}

/** Lance's index types that answer a filter on their column (equality, ranges, IN lists). */
const SCALAR_INDEX_TYPES = /^(btree|bitmap|labellist|label_list)$/i;

/** True when a scalar index of `column` alone answers a filter on it. */
export function hasScalarIndex(indexes: readonly IndexInfo[], column: string): boolean {
  return indexes.some(
    (index) =>
      SCALAR_INDEX_TYPES.test(index.type) &&
      index.columns.length === 1 &&
      index.columns[0] === column,
  );
}

/** True when `column` has a vector index (of any metric; another metric is simply not used). */
export function hasVectorIndex(indexes: readonly IndexInfo[], column: string): boolean {
  return indexes.some(
    (index) => /ivf|hnsw|pq|vector/i.test(index.type) && index.columns.includes(column),
  );
}

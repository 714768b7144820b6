// Search primitives: the exact in-memory text index, edit distances, cosine distance, tunables.
export { TextIndex, type TextDocument } from './text-index.js';
export { tokenize, type Token } from './text-tokenizer.js';
export { withinEdits, autoFuzziness } from './edit-distance.js';
export { cosineDistance } from './vector-distance.js';
export { PinnedCache } from './pinned-cache.js';
export {
  searchConfigFromEnv,
  DEFAULT_SEARCH_CONFIG,
  type SearchConfig,
  type TextSearchMode,
} from './search-config.js';
export { ensureIndices, type EnsureIndicesResult } from './ensure-indices.js';
export {
  planTableIndexes,
  indexRequest,
  MIN_VECTOR_INDEX_ROWS,
  type IndexTarget,
  type DeferredIndex,
  type TableIndexPlan,
} from './index-plan.js';
export { fuseRankings } from './rrf-fusion.js';

// Search primitives: the exact in-memory text index, edit distances, cosine distance, index plans.
export { TextIndex, type TextDocument } from './text-index.js';
export { tokenize, type Token } from './text-tokenizer.js';
export { withinEdits, autoFuzziness } from '../../util/edit-distance.js';
export { cosineDistance } from './vector-distance.js';
export { PinnedCache } from './pinned-cache.js';
export { ensureIndices } from './ensure-indices.js';
export {
  planTableIndexes,
  indexRequest,
  MIN_VECTOR_INDEX_ROWS,
  type TableIndexPlan,
} from './index-plan.js';
export { fuseRankings } from './rrf-fusion.js';

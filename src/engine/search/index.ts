// Search primitives: the exact in-memory text index and its tokenizer, edit distances, cosine
// distance, rank fusion, and the cache of per-version search structures.
export { TextIndex, type TextDocument } from './text-index.js';
export { tokenize, type Token } from './text-tokenizer.js';
export { withinEdits, autoFuzziness } from '../../util/edit-distance.js';
export { cosineDistance } from './vector-distance.js';
export { PinnedCache } from './pinned-cache.js';
export { fuseRankings } from './rrf-fusion.js';

// Loads: strict NDJSON parsed, validated as a whole and written as one commit.
export { LOAD_BATCH_ROWS, loadBatch } from './loader.js';
export { describeColumns, describeTuple } from './load-validation.js';
export { loadSourceOf } from './ndjson-source.js';

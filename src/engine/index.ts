// The embedded engine: `Omnigraph` implements the Graph interface of src/api/ (and GraphAdmin).
export { Omnigraph, type InitOptions, type OpenMode, type OpenOptions } from './omnigraph.js';
export type { RecoveryOutcome } from './protocol/index.js';
export { Failpoints } from './protocol/index.js';
export { GRAPH_FORMAT_VERSION } from './root/index.js';

// Export: the entities of a snapshot as NDJSON in load format.
export { exportSnapshot } from './exporter.js';

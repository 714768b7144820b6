// Read query execution: compiled IR in, typed rows out (see ARCHITECTURE.md "The read path").
export {
  runReadQuery,
  resultTarget,
  type QueryOptions,
  type ReadQueryRequest,
} from './read-query.js';
export {
  readResultJson,
  type ReadResult,
  type ReadResultTarget,
  type ReadResultJsonOptions,
} from './read-result.js';
export type { ResultRow, ResultValue } from './result-value.js';
export { jsonText } from './json-output.js';
export {
  createQueryServices,
  type QueryServices,
  type QueryServicesOptions,
} from './query-services.js';
export type { TraversalConfig, TraversalMode } from './traversal/traversal-config.js';
export type { StrategyKind } from './traversal/traversal-strategy.js';

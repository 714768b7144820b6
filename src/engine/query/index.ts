// Read query execution: compiled IR in, typed rows out (see docs/architecture.md, "A read").
export {
  runReadQuery,
  explainReadQuery,
  resultTarget,
  type ReadQueryRequest,
  type RunReadOptions,
} from './read-query.js';
export {
  createQueryServices,
  type QueryServices,
  type QueryServicesOptions,
} from './query-services.js';
export { carryWritten } from './carry-written.js';
export { forgetDeleted } from './forget-deleted.js';
export type { StrategyKind } from './traversal/traversal-strategy.js';
export { CompiledQueries } from './compiled-queries.js';
export { derivedColumns } from './execution/derived-columns.js';

import type { WrittenVersion } from '../lance/index.js';
import type { QueryServices } from './query-services.js';

/**
 * Carries the read caches of a table version over to the version a write made of it (see
 * `WrittenVersion`). Appended rows extend the decoded columns and the topology index: a query
 * right after the write then reads from memory as before it, instead of reading the table
 * again (a node table has no topology index to carry). Any write that removed no row keeps the
 * version's ids, which the writes after it check theirs against.
 */
export function carryWritten(services: QueryServices, version: WrittenVersion): void {
  const { base, next, ids, appended } = version;
  if (ids !== undefined) services.columns.carryIds(base, next, ids);
  if (appended === undefined) return;
  services.columns.carry(base, next, appended);
  services.topology.carry(base, next, appended);
}

import type { AppendedVersion } from '../lance/index.js';
import type { QueryServices } from './query-services.js';

/**
 * Carries the read caches of a table version over to a version that only appended rows to it
 * (see `AppendedVersion`): a query right after a write then reads from memory as before it,
 * instead of reading the table again. A node table has no topology index to carry.
 */
export function carryAppended(services: QueryServices, version: AppendedVersion): void {
  services.columns.carry(version.base, version.next, version.rows);
  services.topology.carry(version.base, version.next, version.rows);
}

import type { WrittenVersion } from '../lance/index.js';
import type { QueryServices } from './query-services.js';

/**
 * Carries the read caches of a table version over to the version a write made of it without
 * removing a row (see `WrittenVersion`): decoded columns and ids are those of the version,
 * with the written rows in place of the rows they replace and the new ones after; a topology
 * index is extended by the edges, when the write only appended them (a node table has none). A
 * query right after the write then reads from memory as before it, instead of reading the table
 * again.
 */
export function carryWritten(services: QueryServices, version: WrittenVersion): void {
  const { base, next, rows } = version;
  services.columns.carry(base, next, rows);
  if (rows.every((written) => !written.merged))
    services.topology.carry(
      base,
      next,
      rows.map((written) => written.row),
    );
}

import type { AppendedVersion, Row } from '../lance/index.js';
import type { QueryServices } from './query-services.js';
import type { AppendedEdges } from './traversal/topology-cache.js';

/**
 * Carries the read caches of a table version over to a version that only appended rows to it
 * (see `AppendedVersion`): a query right after a write then reads from memory as before it,
 * instead of reading the table again.
 */
export function carryAppended(services: QueryServices, version: AppendedVersion): void {
  services.columns.carry(version.base, version.next, version.rows);
  const edges = edgesOf(version.rows);
  if (edges !== undefined) services.topology.carry(version.base, version.next, edges);
}

/** The endpoints of appended edge rows; undefined for rows of a node table. */
function edgesOf(rows: readonly Row[]): AppendedEdges | undefined {
  const src: string[] = [];
  const dst: string[] = [];
  for (const row of rows) {
    if (typeof row.src !== 'string' || typeof row.dst !== 'string') return undefined;
    src.push(row.src);
    dst.push(row.dst);
  }
  return { src, dst };
}

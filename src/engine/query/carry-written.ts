import type { EdgeEnds, WrittenRow, WrittenVersion } from '../lance/index.js';
import type { QueryServices } from './query-services.js';
import type { EdgeStep } from './traversal/topology-cache.js';

/**
 * Carries the read caches of a table version over to the version a write made of it (see
 * `WrittenVersion`): decoded columns and ids are those of the version, with the written rows in
 * place of the rows they replace and the new ones after, when the write removed no row; a
 * topology index is changed by the edges, when the write only removed edges it knew and
 * appended others (a node table has none). A query right after the write then reads from memory
 * as before it, instead of reading the table again.
 */
export function carryWritten(services: QueryServices, version: WrittenVersion): void {
  const { base, next, rows, removedEdges } = version;
  if (removedEdges === undefined) services.columns.carry(base, next, rows);
  if (rows.every((written) => !written.merged))
    services.topology.carry(base, next, [...removalSteps(removedEdges), ...rows.map(appendStep)]);
}

function removalSteps(removed: EdgeEnds | undefined): EdgeStep[] {
  if (removed === undefined) return [];
  return removed.src.map((src, at) => ({ removed: true, src, dst: removed.dst[at] }));
}

function appendStep({ row }: WrittenRow): EdgeStep {
  return { removed: false, src: row.src, dst: row.dst };
}

import type { EdgeEnds, WrittenRow, WrittenVersion } from '../lance/index.js';
import type { QueryServices } from './query-services.js';
import type { EdgeChange } from './traversal/edge-change.js';

/**
 * Carries the read caches of a table version over to the version a write made of it (see
 * `WrittenVersion`). Decoded columns and ids: those of the version with the written rows in
 * place of the rows they replace and the new ones after, when the write removed no row; or
 * those of the version without the rows removed, when it only removed rows it knew. A topology
 * index: changed by the edges, when the write removed only edges whose endpoints it knew and
 * appended others (a node table has none). A query right after the write then reads from memory
 * as before it, instead of reading the table again.
 */
export function carryWritten(services: QueryServices, version: WrittenVersion): void {
  const { base, next, rows, removedIds, removedEdges } = version;
  if (removedIds === undefined) services.columns.carry(base, next, rows);
  else if (rows.length === 0) services.columns.carryRemoval(base, next, removedIds);
  const edgesKnown = removedIds === undefined || removedEdges !== undefined;
  if (edgesKnown && rows.every((written) => !written.merged))
    services.topology.carry(base, next, [...removalSteps(removedEdges), ...rows.map(appendStep)]);
}

function removalSteps(removed: EdgeEnds | undefined): EdgeChange[] {
  if (removed === undefined) return [];
  return removed.src.map((src, at) => ({ removed: true, src, dst: removed.dst[at] }));
}

function appendStep({ row }: WrittenRow): EdgeChange {
  return { removed: false, src: row.src, dst: row.dst };
}

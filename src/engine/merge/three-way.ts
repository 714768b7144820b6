import type { EdgeType, NodeType } from '../../compiler/catalog/catalog.js';
import type { EdgeEnd, TableChanges } from '../changeset/index.js';
import { rowsEqual, type TableDelta } from '../diff/index.js';
import type { ArrowRows, Row } from '../lance/index.js';
import type { MergeConflict, MergeConflictKind } from './merge-conflict.js';

/** What a merge writes to one target table. */
export interface MergeTableEffect {
  /**
   * Source rows of ids the target has never had since the merge base: appended as the Arrow
   * batches read from the source, never decoded.
   */
  readonly inserts: ArrowRows;
  /** Source changes to apply by id: updated rows and deleted ids. */
  readonly changes: TableChanges;
}

/** No update and no delete. */
export const NO_CHANGES: TableChanges = { upserts: new Map(), deletes: new Set() };

/** A table's merge effect and the conflicts its entities have. */
export interface TableMerge {
  readonly effect: MergeTableEffect;
  readonly conflicts: readonly MergeConflict[];
}

const MESSAGES: Readonly<
  Record<'divergent_insert' | 'divergent_update' | 'delete_vs_update', string>
> = {
  divergent_insert: 'inserted on both branches with different content',
  divergent_update: 'updated differently on both branches',
  delete_vs_update: 'deleted on one branch and updated on the other',
};

function conflict(
  type: NodeType | EdgeType,
  id: string,
  kind: keyof typeof MESSAGES,
): MergeConflict {
  const entity = `${type.kind} ${type.name} '${id}'`;
  return {
    kind: kind satisfies MergeConflictKind,
    entity_kind: type.kind,
    type_name: type.name,
    entity_id: id,
    message: `${entity} ${MESSAGES[kind]}`,
  };
}

/** The source's changes, all taken: the target has not moved since the merge base. */
export function fastForwardTable(source: TableDelta): MergeTableEffect {
  const upserts = new Map<string, Row>();
  for (const [id, { after }] of source.updates) upserts.set(id, after);
  return {
    inserts: source.inserts.data,
    changes: deletingChanges(upserts, new Set(source.deletes.keys()), source.deletes),
  };
}

/**
 * A merge's changes to one table: `deletes` are ids of the base rows `deleted` (as the diff read
 * them). An edge table's deleted rows name their endpoints: passed on with the deletes, they let
 * the read caches carry the topology index over the merge instead of building it again.
 */
function deletingChanges(
  upserts: ReadonlyMap<string, Row>,
  deletes: ReadonlySet<string>,
  deleted: ReadonlyMap<string, Row>,
): TableChanges {
  const ends = new Map<string, EdgeEnd>();
  for (const id of deletes) {
    const row = deleted.get(id);
    const [src, dst] = [row?.src, row?.dst];
    if (typeof src !== 'string' || typeof dst !== 'string') return { upserts, deletes };
    ends.set(id, { src, dst });
  }
  return { upserts, deletes, deletedEnds: ends };
}

/**
 * Three-way merge of one table, per entity against the merge base: a change on the source
 * only is taken, one on the target only is already there, identical changes on both are
 * fine, and anything else is a conflict.
 */
export async function mergeTable(
  type: NodeType | EdgeType,
  source: TableDelta,
  target: TableDelta,
): Promise<TableMerge> {
  const same = (a: Row, b: Row): boolean => rowsEqual(type.columns, a, b);
  const conflicts: MergeConflict[] = [];
  const upserts = new Map<string, Row>();
  const deletes = new Set<string>();
  // Ids inserted on both sides are decoded (to compare) and never appended again.
  const theirIds = new Set(target.inserts.ids);
  const both = new Set(source.inserts.ids.filter((id) => theirIds.has(id)));
  const ourRows = (await source.inserts.filter((id) => both.has(id))).rows();
  const theirRows = (await target.inserts.filter((id) => both.has(id))).rows();
  for (const [id, row] of ourRows) {
    const their = theirRows.get(id);
    if (their !== undefined && !same(their, row))
      conflicts.push(conflict(type, id, 'divergent_insert'));
  }
  const inserts = await source.inserts.filter((id) => !both.has(id));
  for (const [id, { after }] of source.updates) {
    const theirs = target.updates.get(id);
    if (target.deletes.has(id)) conflicts.push(conflict(type, id, 'delete_vs_update'));
    else if (theirs === undefined) upserts.set(id, after);
    else if (!same(theirs.after, after)) conflicts.push(conflict(type, id, 'divergent_update'));
  }
  for (const id of source.deletes.keys()) {
    if (target.updates.has(id)) conflicts.push(conflict(type, id, 'delete_vs_update'));
    else if (!target.deletes.has(id)) deletes.add(id);
  }
  return {
    effect: { inserts: inserts.data, changes: deletingChanges(upserts, deletes, source.deletes) },
    conflicts,
  };
}

import type { EdgeType, NodeType } from '../../compiler/catalog/catalog.js';
import type { TableChanges } from '../changeset/change-set.js';
import { rowsEqual } from '../diff/row-equality.js';
import type { TableDiff } from '../diff/table-diff.js';
import type { Row } from '../lance/row.js';
import type { MergeConflict, MergeConflictKind } from './merge-conflict.js';

/** What a merge writes to one target table. */
export interface MergeTableEffect {
  /** Rows of ids the target has never had since the merge base: appended as they are. */
  readonly inserts: readonly Row[];
  /** Source changes to apply by id: updated rows and deleted ids. */
  readonly changes: TableChanges;
}

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
export function fastForwardTable(source: TableDiff): MergeTableEffect {
  const upserts = new Map<string, Row>();
  for (const [id, { after }] of source.updates) upserts.set(id, after);
  return {
    inserts: [...source.inserts.values()],
    changes: { upserts, deletes: new Set(source.deletes.keys()) },
  };
}

/**
 * Three-way merge of one table, per entity against the merge base: a change on the source
 * only is taken, one on the target only is already there, identical changes on both are
 * fine, and anything else is a conflict.
 */
export function mergeTable(
  type: NodeType | EdgeType,
  source: TableDiff,
  target: TableDiff,
): TableMerge {
  const same = (a: Row, b: Row): boolean => rowsEqual(type.columns, a, b);
  const conflicts: MergeConflict[] = [];
  const inserts: Row[] = [];
  const upserts = new Map<string, Row>();
  const deletes = new Set<string>();
  for (const [id, row] of source.inserts) {
    const theirs = target.inserts.get(id);
    if (theirs === undefined) inserts.push(row);
    else if (!same(theirs, row)) conflicts.push(conflict(type, id, 'divergent_insert'));
  }
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
  return { effect: { inserts, changes: { upserts, deletes } }, conflicts };
}

import type { EdgeType, NodeType } from '../../compiler/catalog/catalog.js';
import { typeKey } from '../../compiler/catalog/catalog-lookup.js';
import { OmniError } from '../../util/omni-error.js';
import type { ManifestEntry } from '../root/index.js';
import type { Snapshot } from '../snapshot/index.js';

/** One type's table before and after a commit (`before` null: the commit added the type). */
export interface ChangeTable {
  readonly type: NodeType | EdgeType;
  readonly before: ManifestEntry | null;
  readonly after: ManifestEntry;
}

/** Why a commit has no entity diff (`change_diff_refusal.reason`). */
export type ChangeDiffRefusalReason = 'parentless_commit' | 'schema_boundary';

/** The typed refusal of a commit whose changes are not entity-level. */
export function changeDiffRefusal(
  reason: ChangeDiffRefusalReason,
  commitId: string,
  typeName?: string,
  /** For the diff between two snapshots: the commit it starts at (`commitId` is where it ends). */
  fromCommitId?: string,
): OmniError {
  const subject =
    fromCommitId === undefined
      ? `commit ${commitId}`
      : `the diff from commit ${fromCommitId} to commit ${commitId}`;
  const message =
    reason === 'parentless_commit'
      ? `commit ${commitId} has no parent, so it has no entity diff`
      : `${subject} crosses a schema boundary at type '${typeName ?? ''}', so it has no entity diff; read the entities at the commit instead`;
  return new OmniError('change_diff_refusal', message, {
    details: {
      change_diff_refusal: {
        reason,
        graph_commit_id: commitId,
        ...(typeName === undefined ? {} : { type_name: typeName }),
      },
    },
  });
}

function propertyIds(type: NodeType | EdgeType): string {
  return type.properties
    .map((p) => p.id)
    .sort((a, b) => a - b)
    .join(',');
}

/**
 * The tables a commit's entity diff compares, matched by stable type id (so a renamed type is
 * one table). Refuses with `schema_boundary` (or what `boundary` makes of the type name) when a
 * type's properties changed between the parent and the commit, or when the commit dropped a type
 * that still held entities.
 */
export function changeTables(
  parent: Snapshot,
  child: Snapshot,
  boundary: (typeName: string) => OmniError = (typeName) =>
    changeDiffRefusal('schema_boundary', child.commit.graph_commit_id, typeName),
): ChangeTable[] {
  const sameSchema = parent.schema.id === child.schema.id;
  const before = new Map(parent.types().map(({ key, type }) => [type.id, { key, type }]));
  const tables: ChangeTable[] = [];
  for (const { key, type } of child.types()) {
    const old = before.get(type.id);
    before.delete(type.id);
    if (old && old.type.kind === type.kind) {
      if (!sameSchema && propertyIds(old.type) !== propertyIds(type)) throw boundary(type.name);
      tables.push({ type, before: parent.entry(old.key), after: child.entry(key) });
    } else {
      tables.push({ type, before: null, after: child.entry(key) });
    }
  }
  for (const { type } of before.values()) {
    if (parent.entry(typeKey(type)).rowCount > 0) throw boundary(type.name);
  }
  return tables;
}

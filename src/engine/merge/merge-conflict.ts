import { OmniError } from '../../util/omni-error.js';
import { compareStrings } from '../values/index.js';
import type { ConstraintViolation, ViolationKind } from '../changeset/index.js';

/** The kinds of merge conflict (docs/guide/branches-and-merge.md). */
export type MergeConflictKind =
  'divergent_insert' | 'divergent_update' | 'delete_vs_update' | ViolationKind;

/** One merge conflict (`MergeConflictOutput`). */
export interface MergeConflict {
  readonly kind: MergeConflictKind;
  readonly entity_kind: 'node' | 'edge';
  readonly type_name: string;
  readonly entity_id: string;
  readonly message: string;
}

/** Conflict order: nodes before edges, then type name, entity id and kind. */
export function compareConflicts(a: MergeConflict, b: MergeConflict): number {
  if (a.entity_kind !== b.entity_kind) return a.entity_kind === 'node' ? -1 : 1;
  return (
    compareStrings(a.type_name, b.type_name) ||
    compareStrings(a.entity_id, b.entity_id) ||
    compareStrings(a.kind, b.kind)
  );
}

/** Conflicts listed in the error message; the rest are counted. */
const LISTED = 3;

/** A constraint the merged result would break, as a conflict. */
export function conflictOfViolation(violation: ConstraintViolation): MergeConflict {
  return {
    kind: violation.kind,
    entity_kind: violation.entity_kind,
    type_name: violation.type_name,
    entity_id: violation.id,
    message: violation.message,
  };
}

/**
 * The error of a merge with conflicts: every conflict in `details.merge_conflicts`, the first
 * three in the message (`merge conflicts: node type 'X', entity id 'y' (divergent_update); …`).
 */
export function mergeConflictError(
  source: string,
  target: string,
  conflicts: readonly MergeConflict[],
): OmniError {
  const listed = conflicts
    .slice(0, LISTED)
    .map((c) => `${c.entity_kind} type '${c.type_name}', entity id '${c.entity_id}' (${c.kind})`);
  if (conflicts.length > LISTED) listed.push(`and ${conflicts.length - LISTED} more`);
  return new OmniError(
    'merge_conflict',
    `merge conflicts: ${listed.join('; ')}; branch '${target}' is unchanged: resolve them on '${source}' or '${target}' and merge again`,
    { details: { source, target, merge_conflicts: conflicts } },
  );
}

import type { ChangeOp, EntityChangeOutput, EntityKind } from './commit-changes-output.js';

/**
 * The entity diff between two snapshots, one page at a time (`branch diff`). Two forms:
 *
 * - two-point, `from` and `to`: the changes that turn `from`'s snapshot into `to`'s;
 * - merge base, `to` (and `into`, default `main`) without `from`: the changes made on `to` since
 *   it forked from `into`, i.e. from their merge base to `to` (what merging `to` into `into`
 *   would bring, before any conflict).
 *
 * `from`, `to` and `into` each name a branch (its head, resolved now) or a commit id. Filters,
 * page size and page tokens work as for a commit's changes.
 */
export interface DiffBetweenRequest {
  /** Where the diff leads: a branch or a commit id. */
  readonly to: string;
  /** Where the diff starts: a branch or a commit id; absent for the merge-base form. */
  readonly from?: string;
  /** The merge-base form's other side (default `main`); refused together with `from`. */
  readonly into?: string;
  readonly kind?: readonly EntityKind[];
  readonly type?: readonly string[];
  readonly op?: readonly ChangeOp[];
  readonly limit?: number;
  readonly page_token?: string;
}

/** One page of the entity diff between two snapshots (`DiffBetweenOutput`). */
export interface DiffBetweenOutput {
  /** The commit the diff starts at: `from`'s, or the merge base in the merge-base form. */
  readonly from_commit_id: string;
  /** The commit the diff leads to (`to`'s head when `to` is a branch). */
  readonly to_commit_id: string;
  /** The merge-base form's other side; absent in the two-point form. */
  readonly into?: string;
  /** Changes in block order: nodes, then edges; then type id, entity id and op. */
  readonly changes: readonly EntityChangeOutput[];
  /** Where the next page starts; null on the last page. */
  readonly next_page_token: string | null;
}

import type { CommitOutput } from './commit-output.js';

/** A new branch `name`, forked from a branch or commit (default `main`). */
export interface BranchCreateRequest {
  readonly name: string;
  readonly from?: string;
}

/** The result of creating a branch. */
export interface BranchCreateOutput {
  readonly uri: string;
  readonly from: string;
  readonly name: string;
  /** Who acted, when an actor did. */
  readonly actor_id?: string;
}

/** Live branch names, sorted (`main` included; internal refs hidden). */
export interface BranchListOutput {
  readonly branches: readonly string[];
}

/** The result of deleting a branch. */
export interface BranchDeleteOutput {
  readonly uri: string;
  readonly name: string;
  /** Who acted, when an actor did. */
  readonly actor_id?: string;
}

/**
 * A merge of `source` into `target` (default `main`). With `delete_branch`, the source is deleted
 * afterwards; a refused delete is reported in the output, never raised. With `dry_run`, the merge
 * is planned and validated but nothing is written: the output tells the outcome it would have
 * (`commit` null), and conflicts fail with `merge_conflict` exactly as the merge would.
 * `dry_run` with `delete_branch` is refused.
 */
export interface BranchMergeRequest {
  readonly source: string;
  readonly target?: string;
  readonly delete_branch?: boolean;
  readonly dry_run?: boolean;
}

/**
 * How a merge ended: the target already had everything, the target took the source's state, or
 * a three-way merge combined both.
 */
export type MergeOutcome = 'already_up_to_date' | 'fast_forward' | 'merged';

/** The result of a merge. */
export interface BranchMergeOutput {
  readonly source: string;
  readonly target: string;
  readonly outcome: MergeOutcome;
  /** Who acted, when an actor did. */
  readonly actor_id?: string;
  /** The merge commit on the target, or null for `already_up_to_date` and a dry run. */
  readonly commit: CommitOutput | null;
  /** True for a dry run: nothing was written. */
  readonly dry_run?: boolean;
  /** Present when `delete_branch` was asked. */
  readonly branch_deleted?: boolean;
  /** Why the source was not deleted, when it was asked and refused. */
  readonly branch_delete_error?: string;
}

/**
 * What published a commit: a write verb (`load`, `mutate`, `merge`, `schema_apply`, `optimize`,
 * `cleanup`, `ensure_indices`), `init` (the genesis commit) or `recovery` (the commit recovery
 * publishes to re-pin tables it restored).
 */
export const COMMIT_OPERATIONS = [
  'init',
  'load',
  'mutate',
  'merge',
  'schema_apply',
  'optimize',
  'cleanup',
  'ensure_indices',
  'recovery',
] as const;

/** One of {@link COMMIT_OPERATIONS}. */
export type CommitOperation = (typeof COMMIT_OPERATIONS)[number];

/**
 * One commit of a graph (`CommitOutput`). `graph_branch` is null on `main`; `created_at` is Unix
 * microseconds.
 */
export interface CommitOutput {
  readonly graph_commit_id: string;
  readonly graph_branch: string | null;
  readonly graph_manifest_version: number;
  readonly parent_commit_id: string | null;
  readonly merged_parent_commit_id: string | null;
  readonly actor_id: string | null;
  readonly created_at: number;
  /**
   * What published the commit; absent on commits written before graphs recorded it (and on
   * those of an operation this version does not know).
   */
  readonly operation?: CommitOperation;
  /** The message the write was given (`--message`); absent when it was given none. */
  readonly message?: string;
  /**
   * Present (and true) in a commit list when `cleanup` removed table versions the commit pins:
   * it can no longer be read, exported or branched from.
   */
  readonly data_reclaimed?: true;
}

/** Which history {@link Graph.listCommits} lists. */
export interface CommitListRequest {
  /** Default `main`. A branch's list includes the history it inherited at its fork. */
  readonly branch?: string;
}

/** Commits newest first, by (manifest version, created_at, commit id). */
export interface CommitListOutput {
  readonly commits: readonly CommitOutput[];
}

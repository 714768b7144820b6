import type {
  BranchCreateOutput,
  BranchCreateRequest,
  BranchDeleteOutput,
  BranchListOutput,
  BranchMergeOutput,
  BranchMergeRequest,
} from './branch-output.js';
import type {
  ChangeFeedOutput,
  ChangeFeedRequest,
  ChangesBaselineRequest,
} from './change-feed-output.js';
import type { ChangeOutput, ChangeRequest } from './change-output.js';
import type { CommitChangesOutput, CommitChangesRequest } from './commit-changes-output.js';
import type { CommitListOutput, CommitListRequest, CommitOutput } from './commit-output.js';
import type { DiffBetweenOutput, DiffBetweenRequest } from './diff-between-output.js';
import type { ExportRequest } from './export-request.js';
import type { LoadOutput, LoadProgress, LoadRequest } from './load-output.js';
import type { QueryExplainOutput, QueryProfileOutput } from './query-plan.js';
import type { QueryRequest, ReadOutput } from './read-output.js';
import type { SchemaApplyOutput, SchemaApplyRequest, SchemaOutput } from './schema-output.js';
import type { SnapshotOutput, SnapshotRequest } from './snapshot-output.js';

/** What every call may say besides its request. */
export interface CallOptions {
  /**
   * Who acts: recorded on commits and checked by the graph's policy. Embedded only; a served
   * graph takes the actor from the bearer token.
   */
  readonly actor?: string | null;
}

/** Options of a call that publishes a commit. */
export interface WriteOptions extends CallOptions {
  /**
   * Recorded on the commit and returned with it: well-formed Unicode, at most 4,096 characters
   * (else `bad_request`, and nothing is written). Empty means no message.
   */
  readonly message?: string;
}

/** Options of a read query. */
export interface QueryOptions extends CallOptions {
  /** Also measure each stage of the plan: the result carries `profile`. */
  readonly profile?: boolean;
  /** The file the source came from, named in parse and type errors. */
  readonly sourceFile?: string;
}

/** Options of a mutation. */
export interface MutateOptions extends WriteOptions {
  /**
   * Run only if the branch head is still this commit; otherwise fail with
   * `precondition_failure` and change nothing.
   */
  readonly ifCommit?: string;
  /** The file the source came from, named in parse and type errors. */
  readonly sourceFile?: string;
  /**
   * Group commit (default true): the mutation may share one commit with concurrent mutations
   * of the same branch, actor and message of this process; its result and errors stay its
   * own. False gives it a commit of its own (one commit per call in the history). Mutations
   * with `ifCommit` are never grouped. Embedded only: a served graph always groups.
   */
  readonly groupCommit?: boolean;
}

/** Options of a load. */
export interface LoadOptions extends WriteOptions {
  /** Called as validation and writing progress. */
  readonly onProgress?: (progress: LoadProgress) => void;
}

/** Options of a schema plan or apply (a plan records nothing: it ignores `message`). */
export interface SchemaOptions extends WriteOptions {
  /** The file the schema came from, named in parse and catalog errors. */
  readonly sourceFile?: string;
}

/** A read's result, with per-stage figures when {@link QueryOptions.profile} asked for them. */
export type QueryResult = ReadOutput & { readonly profile?: QueryProfileOutput };

/**
 * A graph's data plane: everything an application does with a graph, embedded in this process
 * (`Omnigraph`) or served over HTTP (the remote client), with the same requests, results and
 * errors either way. Request and result fields carry the HTTP API's wire names.
 *
 * Reads pin one snapshot for their whole run; every write is one atomic commit (or none when it
 * changes nothing). Failures are `OmniError`s with a stable `code`.
 *
 * @example
 * const { rows } = await graph.query({ query: 'query q { match { $p: Person } return { $p.name } }' });
 * await graph.mutate({ query: source, params: { name: 'Ada' } }, { actor: 'act-ada' });
 */
export interface Graph {
  /** Where the graph lives. */
  readonly uri: string;

  /** Runs a read query on one snapshot of a branch head (default `main`) or a commit. */
  query(request: QueryRequest, options?: QueryOptions): Promise<QueryResult>;
  /** The physical plan a read query would run, without reading any table. */
  explain(request: QueryRequest, options?: QueryOptions): Promise<QueryExplainOutput>;
  /** Runs insert/update/delete statements as one atomic commit on a branch (default `main`). */
  mutate(request: ChangeRequest, options?: MutateOptions): Promise<ChangeOutput>;
  /** Loads strict NDJSON as one atomic commit, however large. */
  load(request: LoadRequest, options?: LoadOptions): Promise<LoadOutput>;
  /** The entities of a branch head or commit as NDJSON lines in load format (no newline). */
  export(request?: ExportRequest, options?: CallOptions): AsyncIterable<string>;
  /** What a branch head or commit pins: one dataset version per type. */
  snapshot(request?: SnapshotRequest, options?: CallOptions): Promise<SnapshotOutput>;

  createBranch(request: BranchCreateRequest, options?: CallOptions): Promise<BranchCreateOutput>;
  listBranches(options?: CallOptions): Promise<BranchListOutput>;
  deleteBranch(name: string, options?: CallOptions): Promise<BranchDeleteOutput>;
  /**
   * Three-way, entity-level merge; conflicts fail with `merge_conflict` and publish nothing.
   * `dry_run` only plans and validates it (outcome and conflicts, nothing written).
   */
  mergeBranch(request: BranchMergeRequest, options?: WriteOptions): Promise<BranchMergeOutput>;
  /**
   * The entity diff between two branches or commits (two-point), or of a branch since its merge
   * base with another (what a merge would bring), one page at a time.
   */
  diffBetween(request: DiffBetweenRequest, options?: CallOptions): Promise<DiffBetweenOutput>;

  listCommits(request?: CommitListRequest, options?: CallOptions): Promise<CommitListOutput>;
  showCommit(commitId: string, options?: CallOptions): Promise<CommitOutput>;
  /** The exact entity diff of a commit against its first parent, one page at a time. */
  commitChanges(
    commitId: string,
    request?: CommitChangesRequest,
    options?: CallOptions,
  ): Promise<CommitChangesOutput>;
  /**
   * One page of a poll of a branch's change feed: the entity changes of the commits after a
   * cursor (or a start), one block per commit, oldest first; the terminal page carries the
   * cursor to resume from. See `followChanges` to follow a branch.
   */
  pollChanges(request?: ChangeFeedRequest, options?: CallOptions): Promise<ChangeFeedOutput>;
  /**
   * An exact snapshot of a branch head's entities (load-format NDJSON lines, without newline),
   * then one last line `{"baseline":{"snapshot_commit_id","resume_cursor"}}`, sent only after
   * every entity: the cursor follows the feed from the snapshot. Needs `export` permission.
   */
  changesBaseline(request?: ChangesBaselineRequest, options?: CallOptions): AsyncIterable<string>;

  /** The accepted `.pg` source on `main`. */
  getSchema(options?: CallOptions): Promise<SchemaOutput>;
  /** The migration to a new schema, without applying it. */
  planSchema(request: SchemaApplyRequest, options?: SchemaOptions): Promise<SchemaApplyOutput>;
  /** Migrates `main` to a new schema as one commit (refused while other branches exist). */
  applySchema(request: SchemaApplyRequest, options?: SchemaOptions): Promise<SchemaApplyOutput>;

  /** Releases the handle; a served graph's connection, an embedded graph's lease and caches. */
  close(): Promise<void>;
}

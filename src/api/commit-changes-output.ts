/** What happened to an entity. */
export type ChangeOp = 'insert' | 'update' | 'delete';

/** Node or edge. */
export type EntityKind = 'node' | 'edge';

/** The commit a block of changes belongs to (`ChangeCauseOutput`). */
export interface ChangeCauseOutput {
  readonly graph_commit_id: string;
  readonly parent_commit_id: string | null;
  readonly merged_parent_commit_id: string | null;
  /** The branch the commit was written on (`main` included). */
  readonly authored_branch: string;
  readonly actor_id: string | null;
  /** Unix microseconds. */
  readonly authored_at: number;
}

/** The state of an entity on one side of a change (`ChangeImageOutput`). */
export interface ChangeImageOutput {
  /** Every declared property, nulls included, as JSON values. */
  readonly properties: Readonly<Record<string, unknown>>;
  /** Edges only. */
  readonly endpoints?: { readonly from: string; readonly to: string };
}

/**
 * One entity change (`EntityChangeOutput`): an insert has only `after`, a delete only `before`,
 * an update both. The type `id` is opaque: it survives renames and changes when a type is
 * dropped and added again.
 */
export interface EntityChangeOutput {
  readonly kind: EntityKind;
  readonly type: { readonly id: string; readonly name: string };
  readonly id: string;
  readonly op: ChangeOp;
  readonly before: ChangeImageOutput | null;
  readonly after: ChangeImageOutput | null;
}

/**
 * One page of a commit's entity diff: filters by kind, type name and op (empty or absent keeps
 * all), a page size (default 1,000, at most 8,192), and where to continue.
 */
export interface CommitChangesRequest {
  readonly kind?: readonly EntityKind[];
  readonly type?: readonly string[];
  readonly op?: readonly ChangeOp[];
  readonly limit?: number;
  readonly page_token?: string;
}

/** One page of a commit's entity diff (`CommitChangesOutput`). */
export interface CommitChangesOutput {
  readonly cause: ChangeCauseOutput;
  readonly changes: readonly EntityChangeOutput[];
  /** Where the next page starts; null on the last page. */
  readonly next_page_token: string | null;
}

/**
 * One value of a result row, ready for the wire: I64/U64 as `bigint` (written at full width),
 * Date as `YYYY-MM-DD`, DateTime as `YYYY-MM-DDTHH:MM:SS.mmmZ`, NaN and infinities as the strings
 * `"NaN"`, `"Infinity"`, `"-Infinity"`, F32 as the shortest decimal that reads back as the stored
 * float, vectors and lists as arrays.
 */
export type ResultValue = null | boolean | number | bigint | string | readonly ResultValue[];

/** A result row keyed by column name (`p.name`, or the alias). */
export type ResultRow = Readonly<Record<string, ResultValue>>;

/**
 * A read query (`QueryRequest`): `.gq` source, the query to run when it declares several, JSON
 * params, and what to read — a branch head (default `main`) or a snapshot (a commit id), not
 * both.
 */
export interface QueryRequest {
  readonly query: string;
  readonly name?: string;
  /** An object keyed by the query's declared `$params` (without `$`); null or absent for none. */
  readonly params?: Readonly<Record<string, unknown>> | null;
  readonly branch?: string;
  readonly snapshot?: string;
}

/** What a read ran against: a branch head or a commit (the other is null). */
export interface ReadTargetOutput {
  readonly branch: string | null;
  readonly snapshot: string | null;
}

/** The result of a read query (`ReadOutput`). */
export interface ReadOutput {
  readonly query_name: string;
  readonly target: ReadTargetOutput;
  readonly row_count: number;
  /** Result column names, in `return` order. */
  readonly columns: readonly string[];
  readonly rows: readonly ResultRow[];
  /** The head commit of the snapshot read: usable as an `ifCommit` precondition. */
  readonly graph_commit_id: string;
}

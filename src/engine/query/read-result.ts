import { jsonText } from './json-output.js';
import type { ResultRow } from './result-value.js';

/** What a read ran against: a branch head or a commit (the other is null). */
export interface ReadResultTarget {
  readonly branch: string | null;
  readonly snapshot: string | null;
}

/**
 * The result of a read query (http.md `ReadOutput`). Values follow http.md §5 "Read rows"; write
 * it as JSON with {@link readResultJson}, which keeps 64-bit integers exact.
 */
export interface ReadResult {
  readonly query_name: string;
  readonly target: ReadResultTarget;
  readonly row_count: number;
  /** Result column names, in `return` order. */
  readonly columns: readonly string[];
  readonly rows: readonly ResultRow[];
  /** The head commit of the snapshot read: usable as an `--if-commit` precondition. */
  readonly graph_commit_id: string;
}

/** Options of {@link readResultJson}. */
export interface ReadResultJsonOptions {
  /** Spaces per indentation level; 0 (default) writes compact JSON. */
  readonly indent?: number;
  /** Omit `graph_commit_id` (the legacy `/read` body). */
  readonly legacy?: boolean;
}

/**
 * The JSON text of a read result, keys in wire order.
 *
 * @example readResultJson(result) // '{"query_name":"get_person","target":{"branch":"main","snapshot":null},…}'
 */
export function readResultJson(result: ReadResult, options: ReadResultJsonOptions = {}): string {
  const body = {
    query_name: result.query_name,
    target: { branch: result.target.branch, snapshot: result.target.snapshot },
    row_count: result.row_count,
    columns: result.columns,
    rows: result.rows,
    ...(options.legacy === true ? {} : { graph_commit_id: result.graph_commit_id }),
  };
  return jsonText(body, options.indent ?? 0);
}

import { jsonText } from './json-text.js';
import type { QueryResult } from './graph.js';

/** Options of {@link readResultJson}. */
export interface ReadResultJsonOptions {
  /** Spaces per indentation level; 0 (default) writes compact JSON. */
  readonly indent?: number;
  /** Omit `graph_commit_id` (the legacy `/read` body). */
  readonly legacy?: boolean;
}

/**
 * The JSON text of a read result, keys in wire order (with its `profile` last, when it has one).
 *
 * @example readResultJson(result) // '{"query_name":"get_person","target":{"branch":"main","snapshot":null},…}'
 */
export function readResultJson(result: QueryResult, options: ReadResultJsonOptions = {}): string {
  const body = {
    query_name: result.query_name,
    target: { branch: result.target.branch, snapshot: result.target.snapshot },
    row_count: result.row_count,
    columns: result.columns,
    rows: result.rows,
    ...(options.legacy === true ? {} : { graph_commit_id: result.graph_commit_id }),
    ...(result.profile === undefined ? {} : { profile: result.profile }),
  };
  return jsonText(body, options.indent ?? 0);
}

import { bindParams } from '../../compiler/params/bind-params.js';
import { OmniError } from '../../util/omni-error.js';
import { normalizeBranchName } from '../branch-name.js';
import type { ReadTarget } from '../graph-types.js';
import type { Snapshot } from '../snapshot.js';
import { ExecContext } from './exec-context.js';
import type { QueryServices } from './query-services.js';
import { executeRead } from './read-executor.js';
import type { ReadResult, ReadResultTarget } from './read-result.js';

/** Options of a read query. */
export interface QueryOptions {
  /** The query to run; may be omitted when the source declares exactly one. */
  readonly name?: string;
  /** JSON params (an object, or null/undefined for none); see languages.md §2.6. */
  readonly params?: unknown;
  /** A branch head (default `main`) or a commit. */
  readonly target?: ReadTarget;
}

/** A read query to run against a resolved snapshot. */
export interface ReadQueryRequest {
  readonly source: string;
  readonly name: string | undefined;
  readonly params: unknown;
  /** What the caller asked to read (reported back as the result's `target`). */
  readonly target: ReadResultTarget;
}

/**
 * Compiles a read query against the snapshot's schema, binds its params, and runs it: one
 * snapshot for the whole query, one clock read for `now()`. A mutation is refused (`bad_request`).
 */
export async function runReadQuery(
  snapshot: Snapshot,
  request: ReadQueryRequest,
  services: QueryServices,
): Promise<ReadResult> {
  const query = services.compiled.compile(
    snapshot.schema.id,
    snapshot.catalog,
    request.source,
    request.name,
  );
  if (query.kind === 'mutation') {
    throw new OmniError(
      'bad_request',
      `query '${query.name}' contains mutations (insert/update/delete); use mutate for write queries`,
      { details: { query: query.name } },
    );
  }
  const params = bindParams(query, request.params);
  const ctx = new ExecContext(snapshot, query, { params, nowMs: Date.now() }, services);
  const { columns, rows } = await executeRead(ctx, query);
  return {
    query_name: query.name,
    target: request.target,
    row_count: rows.length,
    columns,
    rows,
    graph_commit_id: snapshot.commit.graph_commit_id,
  };
}

/** The `target` a result reports for what was asked: a (normalized) branch or a snapshot. */
export function resultTarget(target: ReadTarget): ReadResultTarget {
  return 'snapshot' in target
    ? { branch: null, snapshot: target.snapshot }
    : { branch: normalizeBranchName(target.branch), snapshot: null };
}

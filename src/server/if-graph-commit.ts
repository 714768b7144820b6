import type { IncomingHttpHeaders } from 'node:http';
import { OmniError } from '../util/omni-error.js';

/** The header of conditional mutations: the raw graph commit id the branch head must still be. */
export const IF_GRAPH_COMMIT_HEADER = 'omnigraph-if-graph-commit';

/**
 * The commit id of an `Omnigraph-If-Graph-Commit` header, or undefined when absent. It is an
 * exact commit id, not an entity tag: a repeated header, an empty value, `*`, a weak (`W/…`) or
 * quoted tag and a comma list are `bad_request`.
 */
export function ifGraphCommitOf(rawHeaders: readonly string[]): string | undefined {
  const values: string[] = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    if (rawHeaders[index]?.toLowerCase() === IF_GRAPH_COMMIT_HEADER)
      values.push(rawHeaders[index + 1] ?? '');
  }
  if (values.length === 0) return undefined;
  if (values.length > 1) throw invalid('it is sent more than once');
  const value = (values[0] ?? '').trim();
  if (value === '') throw invalid('it is empty');
  if (value === '*') throw invalid("'*' is not a commit id");
  if (value.startsWith('W/') || value.startsWith('"'))
    throw invalid('it must be a raw commit id, not an entity tag');
  if (value.includes(',')) throw invalid('it must name one commit');
  return value;
}

/** Refuses the header on routes that are not conditional. */
export function refuseIfGraphCommit(headers: IncomingHttpHeaders, route: string): void {
  if (headers[IF_GRAPH_COMMIT_HEADER] !== undefined) {
    throw new OmniError(
      'bad_request',
      `Omnigraph-If-Graph-Commit is not accepted on ${route}; use ${route}/if-graph-commit`,
    );
  }
}

function invalid(why: string): OmniError {
  return new OmniError('bad_request', `invalid Omnigraph-If-Graph-Commit header: ${why}`);
}

import type { DiffBetweenOutput } from '../../api/diff-between-output.js';
import { OmniError } from '../../util/omni-error.js';
import { mergeBase } from '../diff/index.js';
import { readCommit, type GraphContext } from '../protocol/index.js';
import { MAIN_BRANCH, normalizeBranchName, readHead } from '../root/index.js';
import { filterScope, validateChangeFilter } from './change-filter.js';
import { decodePageToken, encodePageToken } from './change-page-token.js';
import { changeDiffRefusal, changeTables } from './change-tables.js';
import {
  checkLimit,
  DEFAULT_CHANGES_LIMIT,
  filteredChanges,
  pageOf,
  type CommitChangesOptions,
} from './commit-changes.js';

/** A side of a diff: a branch (its head now) or a commit id, resolved to a commit. */
export interface DiffRef {
  /** As the caller wrote it. */
  readonly ref: string;
  readonly commitId: string;
  /** The branch named, or the branch the commit was written on: what `read` is checked on. */
  readonly branch: string;
  /** True when `ref` named a commit, not a branch. */
  readonly byCommit: boolean;
}

/** The two commits a diff compares, resolved from a two-point or a merge-base request. */
export interface DiffSides {
  readonly from: string;
  readonly to: string;
  /** The sides as named: the caller must be allowed to read each one's branch. */
  readonly refs: readonly DiffRef[];
  /** The merge-base form's other side; absent in the two-point form. */
  readonly into?: string;
}

function isBranchName(ref: string): string | null {
  try {
    return normalizeBranchName(ref);
  } catch {
    return null;
  }
}

/**
 * Resolves a branch name (to its head, now) or a commit id. A name that is both a live branch and
 * a commit id is the branch. Neither: `not_found`.
 */
export async function resolveDiffRef(ctx: GraphContext, ref: string): Promise<DiffRef> {
  const name = isBranchName(ref);
  const head = name === null ? undefined : await readHead(ctx.root.store, name);
  if (head)
    return { ref, commitId: head.value.commitId, branch: head.value.branch, byCommit: false };
  try {
    const commit = await readCommit(ctx, ref.trim());
    return { ref, commitId: commit.graph_commit_id, branch: commit.graph_branch, byCommit: true };
  } catch (error) {
    if (error instanceof OmniError && error.code === 'not_found') throw refNotFound(ref);
    throw error;
  }
}

/** The refusal of a ref that names no live branch and no commit (or one the caller may not read). */
export function refNotFound(ref: string): OmniError {
  return new OmniError('not_found', `branch or commit '${ref}' not found`, { details: { ref } });
}

/**
 * The commits a diff request compares: `from` → `to` (two-point), or, without `from`, the merge
 * base of `to` and `into` (default `main`) → `to`.
 */
export async function diffSides(
  ctx: GraphContext,
  request: { readonly from?: string; readonly to: string; readonly into?: string },
): Promise<DiffSides> {
  if (request.from !== undefined && request.into !== undefined)
    throw new OmniError('bad_request', 'a diff takes either `from` or `into`, not both', {
      details: { from: request.from, into: request.into },
    });
  const to = await resolveDiffRef(ctx, request.to);
  if (request.from !== undefined) {
    const from = await resolveDiffRef(ctx, request.from);
    return { from: from.commitId, to: to.commitId, refs: [from, to] };
  }
  const into = request.into ?? MAIN_BRANCH;
  const other = await resolveDiffRef(ctx, into);
  const base = await mergeBase(ctx.commits, to.commitId, other.commitId);
  if (base === null)
    throw new OmniError('conflict', `'${request.to}' and '${into}' share no history`, {
      details: { to: request.to, into },
    });
  return { from: base, to: to.commitId, refs: [other, to], into: into.trim() };
}

/**
 * The exact entity diff from commit `fromId`'s snapshot to commit `toId`'s, one page at a time, in
 * the block order and with the filters and page tokens of `commit changes` (a token is bound to
 * the two commits and the filter). Snapshots on either side of a schema boundary are refused with
 * `change_diff_refusal` (`schema_boundary`).
 *
 * @example
 * const page = await diffBetween(ctx, baseId, headId, { ops: ['delete'], limit: 100 });
 */
export async function diffBetween(
  ctx: GraphContext,
  fromId: string,
  toId: string,
  options: CommitChangesOptions,
): Promise<Pick<DiffBetweenOutput, 'changes' | 'next_page_token'>> {
  validateChangeFilter(options);
  const limit = checkLimit(options.limit ?? DEFAULT_CHANGES_LIMIT);
  const scope = filterScope(options);
  const pair = `${fromId}..${toId}`;
  const start =
    options.pageToken === undefined ? 0 : decodePageToken(options.pageToken, pair, scope);
  const [from, to] = await Promise.all([ctx.snapshotOf(fromId), ctx.snapshotOf(toId)]);
  await Promise.all([from.requireData(), to.requireData()]);
  const tables = changeTables(from, to, (typeName) =>
    changeDiffRefusal('schema_boundary', toId, typeName, fromId),
  );
  const changes = await filteredChanges(ctx, tables, options);
  const page = pageOf(changes, start, limit);
  const end = start + page.length;
  return {
    changes: page,
    next_page_token:
      end < changes.length ? encodePageToken({ commitId: pair, scope, offset: end }) : null,
  };
}

import { resourceLimitError } from '../../util/resource-limit-error.js';
import type {
  ChangeBlockOutput,
  ChangeFeedOutput,
  ChangeFeedRequest,
} from '../../api/change-feed-output.js';
import type { EntityChangeOutput } from '../../api/commit-changes-output.js';
import { jsonText } from '../../api/json-text.js';
import { OmniError } from '../../util/omni-error.js';
import type { GraphContext } from '../protocol/index.js';
import {
  MAIN_BRANCH,
  normalizeBranchName,
  readHead,
  requireHead,
  type CommitRecord,
} from '../root/index.js';
import { changeCause } from './change-cause.js';
import { requireFeedData } from './change-feed-gap.js';
import {
  decodeFeedCursor,
  decodeFeedPageToken,
  encodeFeedCursor,
  encodeFeedPageToken,
  type FeedBinding,
  type FeedPagePosition,
} from './change-feed-token.js';
import { filterScope, validateChangeFilter, type ChangeFilter } from './change-filter.js';
import { changeTables } from './change-tables.js';
import { checkLimit, DEFAULT_CHANGES_LIMIT, filteredChanges } from './commit-changes.js';

/** Commits one poll walks when not told otherwise, and at most. */
export const DEFAULT_FEED_COMMITS = 128;
export const MAX_FEED_COMMITS = 512;
/** Encoded bytes of changes per page by default, and at most (one larger change goes alone). */
export const DEFAULT_FEED_PAGE_BYTES = 4 * 1024 * 1024;
export const MAX_FEED_PAGE_BYTES = 32 * 1024 * 1024;

/** Engine-side tunables of a poll (not on the wire). */
export interface ChangeFeedPollOptions {
  /** Commits one poll walks (default 128, at most 512). */
  readonly maxCommits?: number;
  /** Encoded bytes of changes per page (default 4 MiB, at most 32 MiB). */
  readonly pageBytes?: number;
}

function checkBound(value: number, max: number, what: string, resource: string): number {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new OmniError('bad_request', `${what} must be a positive integer, not ${value}`);
  if (value > max) throw resourceLimitError(resource, value, max);
  return value;
}

/** The filter of a request, checked. */
export function feedFilter(request: {
  readonly kind?: ChangeFilter['kinds'];
  readonly type?: readonly string[];
  readonly op?: ChangeFilter['ops'];
}): ChangeFilter {
  const filter: ChangeFilter = {
    ...(request.kind === undefined ? {} : { kinds: request.kind }),
    ...(request.type === undefined ? {} : { types: request.type }),
    ...(request.op === undefined ? {} : { ops: request.op }),
  };
  validateChangeFilter(filter);
  return filter;
}

/**
 * Refuses a poll that sends more than one of cursor, start and page token, or a start that is not
 * `now`, `beginning` or `after:<commit_id>` (the messages of the HTTP API).
 */
export function checkFeedStart(request: ChangeFeedRequest): void {
  const given = [request.cursor, request.start, request.page_token].filter((v) => v !== undefined);
  if (given.length > 1)
    throw new OmniError('bad_request', 'cursor, start, and page_token are mutually exclusive');
  const start = request.start;
  if (
    start !== undefined &&
    start !== 'now' &&
    start !== 'beginning' &&
    !/^after:[^\s]+$/.test(start)
  )
    throw new OmniError('bad_request', 'start must be now | beginning | after:<commit_id>');
}

/** What a cursor binds: the graph (its `main` incarnation), branch, incarnation and filter. */
export async function feedBinding(
  ctx: GraphContext,
  branch: string,
  incarnation: string,
  filter: ChangeFilter,
): Promise<FeedBinding> {
  const graph =
    branch === MAIN_BRANCH
      ? incarnation
      : (await requireHead(ctx.root.store, MAIN_BRANCH)).value.incarnation;
  return { graph, branch, incarnation, scope: filterScope(filter) };
}

/**
 * The commits after `position` up to `cut` on the first-parent chain, oldest first (`position`
 * null: the whole chain, genesis included); undefined when `position` is not on the chain.
 */
async function chainAfter(
  ctx: GraphContext,
  cut: string,
  position: string | null,
): Promise<CommitRecord[] | undefined> {
  const chain: CommitRecord[] = [];
  let next: string | null = cut;
  while (next !== null && next !== position) {
    const record: CommitRecord = await ctx.commits.read(next);
    chain.push(record);
    next = record.parent_commit_id;
  }
  if (next !== position) return undefined;
  return chain.reverse();
}

/** Where a poll starts: a page of an earlier poll, or a fresh poll from a cursor or a start. */
function startOf(request: ChangeFeedRequest, binding: FeedBinding, head: string): FeedPagePosition {
  if (request.page_token !== undefined) return decodeFeedPageToken(request.page_token, binding);
  const fresh = { cut: head, offset: 0, walked: 0 };
  if (request.cursor !== undefined)
    return { ...fresh, position: decodeFeedCursor(request.cursor, binding).position };
  const start = request.start ?? 'now';
  if (start === 'now') return { ...fresh, position: head };
  if (start === 'beginning') return { ...fresh, position: null };
  return { ...fresh, position: start.slice('after:'.length) };
}

/** The changes of one commit the filter keeps, in block order (none for the genesis commit). */
async function commitFeedChanges(
  ctx: GraphContext,
  commit: CommitRecord,
  filter: ChangeFilter,
  gap: (snapshot: Awaited<ReturnType<GraphContext['snapshotOf']>>) => Promise<void>,
): Promise<EntityChangeOutput[]> {
  if (commit.parent_commit_id === null) return [];
  const [parent, child] = await Promise.all([
    ctx.snapshotOf(commit.parent_commit_id),
    ctx.snapshotOf(commit.graph_commit_id),
  ]);
  await gap(parent);
  await gap(child);
  return filteredChanges(ctx, changeTables(parent, child), filter);
}

/**
 * One page of a poll of a branch's change feed (docs/guide/agents.md): the commits of the
 * branch's first-parent chain after the cursor (or the start), up to the head the poll captured
 * and at most `maxCommits` of them, one block per commit that has changes the filter keeps; pages
 * hold at most `limit` changes and `pageBytes` encoded bytes (a larger change alone). The terminal
 * page carries the cursor after the last commit walked, and `caught_up`: whether it is the head.
 */
export async function pollChangeFeed(
  ctx: GraphContext,
  request: ChangeFeedRequest,
  options: ChangeFeedPollOptions = {},
): Promise<ChangeFeedOutput> {
  checkFeedStart(request);
  const filter = feedFilter(request);
  const limit = checkLimit(request.limit ?? DEFAULT_CHANGES_LIMIT);
  const maxCommits = checkBound(
    options.maxCommits ?? DEFAULT_FEED_COMMITS,
    MAX_FEED_COMMITS,
    'commits per poll',
    'change_feed_commits_per_poll',
  );
  const pageBytes = checkBound(
    options.pageBytes ?? DEFAULT_FEED_PAGE_BYTES,
    MAX_FEED_PAGE_BYTES,
    'page bytes',
    'commit_changes_page_bytes',
  );
  const branch = normalizeBranchName(request.branch ?? MAIN_BRANCH);
  const head = (await requireHead(ctx.root.store, branch)).value;
  const binding = await feedBinding(ctx, branch, head.incarnation, filter);
  const start = startOf(request, binding, head.commitId);
  const chain = await chainAfter(ctx, start.cut, start.position);
  if (chain === undefined) {
    if (request.start !== undefined)
      throw new OmniError(
        'bad_request',
        `start commit '${start.position ?? ''}' is not on the first-parent history of branch '${branch}'`,
        { details: { branch } },
      );
    throw cursorOffChain(branch, request.cursor === undefined ? 'page token' : 'cursor');
  }
  const checked = new Set<string>();
  const gap = (snapshot: Parameters<typeof requireFeedData>[0]) =>
    requireFeedData(snapshot, request.cursor, checked);
  const batch = chain.slice(0, Math.max(0, maxCommits - start.walked));
  const blocks: ChangeBlockOutput[] = [];
  let count = 0;
  let bytes = 0;
  let position = start.position;
  for (const [index, commit] of batch.entries()) {
    const changes = await commitFeedChanges(ctx, commit, filter, gap);
    const from = index === 0 ? start.offset : 0;
    const taken: EntityChangeOutput[] = [];
    for (const change of changes.slice(from)) {
      const size = Buffer.byteLength(jsonText(change));
      if (count >= limit || (count > 0 && bytes + size > pageBytes)) break;
      taken.push(change);
      count += 1;
      bytes += size;
    }
    if (taken.length > 0) blocks.push({ cause: changeCause(commit), changes: taken });
    const walked = start.walked + index;
    if (from + taken.length < changes.length) {
      const next = { cut: start.cut, position, offset: from + taken.length, walked };
      return { blocks, next_page_token: encodeFeedPageToken(binding, next) };
    }
    position = commit.graph_commit_id;
    const full = count >= limit || bytes >= pageBytes;
    if (full && index + 1 < batch.length) {
      const next = { cut: start.cut, position, offset: 0, walked: walked + 1 };
      return { blocks, next_page_token: encodeFeedPageToken(binding, next) };
    }
  }
  const now = (await readHead(ctx.root.store, branch))?.value.commitId ?? start.cut;
  return {
    blocks,
    cursor: encodeFeedCursor(binding, { position }),
    caught_up: position === now,
  };
}

function cursorOffChain(branch: string, what: string): OmniError {
  return new OmniError(
    'bad_request',
    `change cursor rejected: the ${what}'s commit is not on the first-parent history of branch '${branch}'`,
    { details: { change_cursor_rejected: 'not on the first-parent history' } },
  );
}

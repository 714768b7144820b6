import type {
  ChangeBlockOutput,
  ChangeFeedFilter,
  ChangeFeedOutput,
  ChangeFeedStart,
} from './change-feed-output.js';
import type { CallOptions, Graph } from './graph.js';
import { OmniError } from '../util/omni-error.js';

/** How {@link followChanges} follows a branch. */
export interface FollowChangesOptions extends CallOptions {
  /** Default `main`. */
  readonly branch?: string;
  /** Where to start when there is no cursor (default `now`). */
  readonly start?: ChangeFeedStart;
  /** A cursor saved from an earlier `checkpoint`: resume there (exclusive with `start`). */
  readonly cursor?: string;
  readonly filter?: ChangeFeedFilter;
  /** Changes per page (default 1,000). */
  readonly limit?: number;
  /** Wait between polls once caught up, in milliseconds (default 1,000). */
  readonly intervalMs?: number;
  /** Stops following: the iterator ends (without an error) at the next poll or wait. */
  readonly signal?: AbortSignal;
}

/**
 * What {@link followChanges} yields: each block of changes in order, then, after the last block
 * of a poll, a checkpoint with the cursor to save (and whether the poll caught up).
 */
export type FollowChangesEvent =
  | { readonly type: 'block'; readonly block: ChangeBlockOutput }
  | { readonly type: 'checkpoint'; readonly cursor: string; readonly caught_up: boolean };

const DEFAULT_INTERVAL_MS = 1_000;

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Follows a branch's change feed, embedded or served alike: polls (every page of a poll), yields
 * each block, then a `checkpoint` whose cursor resumes after it; polls again at once while
 * commits wait, else after `intervalMs`. It persists nothing: save the checkpoint's cursor after
 * handling the blocks before it, and pass it as `cursor` to resume (at-least-once: blocks after
 * the saved cursor may come again; `cause.graph_commit_id` is the idempotency key). Errors
 * (`change_feed_gap` after cleanup, a rejected cursor) end the iteration by throwing.
 *
 * @example
 * for await (const event of followChanges(graph, { branch: 'main', cursor: saved, signal })) {
 *   if (event.type === 'block') apply(event.block);
 *   else await save(event.cursor);
 * }
 */
export async function* followChanges(
  graph: Graph,
  options: FollowChangesOptions = {},
): AsyncGenerator<FollowChangesEvent> {
  const { signal, filter = {} } = options;
  const call: CallOptions = options.actor === undefined ? {} : { actor: options.actor };
  const base = {
    ...(options.branch === undefined ? {} : { branch: options.branch }),
    ...(options.limit === undefined ? {} : { limit: options.limit }),
    ...filter,
  };
  let cursor = options.cursor;
  while (signal?.aborted !== true) {
    const first = cursor === undefined ? { start: options.start ?? 'now' } : { cursor };
    let page: ChangeFeedOutput = await graph.pollChanges({ ...base, ...first }, call);
    for (;;) {
      for (const block of page.blocks) yield { type: 'block', block };
      if (page.next_page_token === undefined) break;
      page = await graph.pollChanges({ ...base, page_token: page.next_page_token }, call);
    }
    if (page.cursor === undefined)
      throw new OmniError('internal', 'a terminal change-feed page carried no cursor');
    cursor = page.cursor;
    const caughtUp = page.caught_up === true;
    yield { type: 'checkpoint', cursor, caught_up: caughtUp };
    if (caughtUp) await pause(options.intervalMs ?? DEFAULT_INTERVAL_MS, signal);
  }
}

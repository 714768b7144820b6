import type {
  ChangeCauseOutput,
  ChangeOp,
  EntityChangeOutput,
  EntityKind,
} from './commit-changes-output.js';

/** Where a poll without a cursor or page token starts: `now`, `beginning` or `after:<commit_id>`. */
export type ChangeFeedStart = 'now' | 'beginning' | `after:${string}`;

/** The changes a feed keeps (empty or absent: all): by kind, type name and op. */
export interface ChangeFeedFilter {
  readonly kind?: readonly EntityKind[];
  readonly type?: readonly string[];
  readonly op?: readonly ChangeOp[];
}

/**
 * One poll of a branch's change feed (`GET /graphs/{id}/changes`): at most one of `cursor` (a
 * durable position from an earlier terminal page), `start` (default `now`) and `page_token` (the
 * next page of the same poll). A cursor or page token only works with the branch and filter it
 * was issued for.
 */
export interface ChangeFeedRequest extends ChangeFeedFilter {
  /** Default `main`. */
  readonly branch?: string;
  readonly cursor?: string;
  readonly start?: string;
  readonly page_token?: string;
  /** Changes per page: default 1,000, at most 8,192. */
  readonly limit?: number;
}

/** The changes of one commit, in block order (`ChangeBlockOutput`). */
export interface ChangeBlockOutput {
  readonly cause: ChangeCauseOutput;
  readonly changes: readonly EntityChangeOutput[];
}

/**
 * One page of a poll (`ChangeFeedOutput`). A page that is not the last carries
 * `next_page_token`; the terminal page carries `cursor` (where the next poll resumes) and
 * `caught_up` (false when more commits wait). Commits whose changes the filter drops have no
 * block. Delivery is at-least-once: a block may come again after a resume; its
 * `cause.graph_commit_id` is the idempotency key.
 */
export interface ChangeFeedOutput {
  readonly blocks: readonly ChangeBlockOutput[];
  readonly next_page_token?: string;
  readonly cursor?: string;
  readonly caught_up?: boolean;
}

/** What a baseline snapshots (`POST /graphs/{id}/changes/baseline`): a branch head, filtered. */
export interface ChangesBaselineRequest extends ChangeFeedFilter {
  /** Default `main`. */
  readonly branch?: string;
}

/** The last line of a baseline: the commit it is pinned at and the cursor to follow from. */
export interface ChangesBaselineRecord {
  readonly baseline: {
    readonly snapshot_commit_id: string;
    readonly resume_cursor: string;
  };
}

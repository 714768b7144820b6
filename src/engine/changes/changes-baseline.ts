import type { ChangesBaselineRequest } from '../../api/change-feed-output.js';
import { jsonText } from '../../api/json-text.js';
import { exportSnapshot } from '../export/index.js';
import type { GraphContext } from '../protocol/index.js';
import { MAIN_BRANCH, normalizeBranchName, requireHead } from '../root/index.js';
import { encodeFeedCursor } from './change-feed-token.js';
import { feedBinding, feedFilter } from './change-feed-poll.js';
import { keepsType } from './change-filter.js';

/**
 * A baseline of a branch's change feed: the exact entities of the head it captures (load-format
 * NDJSON lines, the types the filter keeps; ops do not select entities, but bind the cursor), then
 * one last line `{"baseline":{"snapshot_commit_id","resume_cursor"}}`, only after every entity
 * line: the cursor follows the feed from that head with the same filter.
 */
export async function* changesBaseline(
  ctx: GraphContext,
  request: ChangesBaselineRequest,
): AsyncGenerator<string> {
  const filter = feedFilter(request);
  const branch = normalizeBranchName(request.branch ?? MAIN_BRANCH);
  const head = (await requireHead(ctx.root.store, branch)).value;
  const binding = await feedBinding(ctx, branch, head.incarnation, filter);
  const snapshot = await ctx.snapshotOf(head.commitId);
  const types = snapshot
    .types()
    .filter(({ type }) => keepsType(filter, type.kind, type.name))
    .map(({ type }) => type.name);
  if (types.length > 0) yield* exportSnapshot(snapshot, types);
  const baseline = {
    snapshot_commit_id: head.commitId,
    resume_cursor: encodeFeedCursor(binding, { position: head.commitId }),
  };
  yield jsonText({ baseline });
}

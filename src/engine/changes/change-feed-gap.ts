import { OmniError } from '../../util/omni-error.js';
import type { Snapshot } from '../snapshot/index.js';

/**
 * The typed answer to a feed position whose history `cleanup` reclaimed (HTTP 410): the commit
 * that can no longer be diffed, and what to do (take a baseline and follow from its cursor).
 */
export function changeFeedGap(commitId: string, cursor: string | undefined): OmniError {
  return new OmniError(
    'change_feed_gap',
    `change feed gap: cleanup reclaimed the data of commit ${commitId}, which this position needs; take a baseline (omnigraph changes baseline) and follow from its resume cursor`,
    {
      details: {
        change_feed_gap: {
          ...(cursor === undefined ? {} : { cursor }),
          first_unreadable_commit_id: commitId,
        },
      },
    },
  );
}

/**
 * Fails with {@link changeFeedGap} unless every table version the snapshot pins still exists
 * (checked once per commit in `checked`).
 */
export async function requireFeedData(
  snapshot: Snapshot,
  cursor: string | undefined,
  checked: Set<string>,
): Promise<void> {
  const commitId = snapshot.commit.graph_commit_id;
  if (checked.has(commitId)) return;
  try {
    await snapshot.requireData();
  } catch (error) {
    if (error instanceof OmniError && error.code === 'not_found' && error.details?.data_reclaimed)
      throw changeFeedGap(commitId, cursor);
    throw error;
  }
  checked.add(commitId);
}

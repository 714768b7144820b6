import { requireHead, commitInfo, type CommitRecord, listIntents } from '../root/index.js';
import type { CommitOutput } from '../../api/commit-output.js';
import type { GraphContext } from './graph-context.js';
import { OmniError } from '../../util/omni-error.js';
import { isPublished } from './recovery.js';
import { type PinnedVersion, pinnedKey, reclaimedPins } from '../snapshot/index.js';

function newestFirst(a: CommitRecord, b: CommitRecord): number {
  return (
    b.graph_manifest_version - a.graph_manifest_version ||
    b.created_at - a.created_at ||
    (a.graph_commit_id < b.graph_commit_id ? 1 : a.graph_commit_id > b.graph_commit_id ? -1 : 0)
  );
}

function pinsOf(record: CommitRecord): PinnedVersion[] {
  return Object.values(record.manifest.tables).map(({ table, branch, version }) => ({
    table,
    branch,
    version,
  }));
}

/**
 * The commits of a branch, newest first: its own, then (following first parents) the history
 * it inherited up to and before its fork. Commits whose table versions cleanup reclaimed are
 * marked `data_reclaimed`.
 */
export async function listCommits(ctx: GraphContext, branch: string): Promise<CommitOutput[]> {
  const head = await requireHead(ctx.root.store, branch);
  const records: CommitRecord[] = [];
  let next: string | null = head.value.commitId;
  while (next !== null) {
    const record: CommitRecord = await ctx.commits.read(next);
    records.push(record);
    next = record.parent_commit_id;
  }
  const gone = await reclaimedPins(ctx.root.tables, records.flatMap(pinsOf));
  return records.sort(newestFirst).map((record) => {
    const info = commitInfo(record);
    const reclaimed = pinsOf(record).some((pin) => gone.has(pinnedKey(pin)));
    return reclaimed ? { ...info, data_reclaimed: true } : info;
  });
}

function notFound(commitId: string): OmniError {
  return new OmniError('not_found', `commit '${commitId}' not found`, {
    details: { commit_id: commitId },
  });
}

/** One published commit; `not_found` when no such commit exists. */
export async function readCommit(ctx: GraphContext, commitId: string): Promise<CommitRecord> {
  if (!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(commitId)) throw notFound(commitId);
  try {
    const record = await ctx.commits.read(commitId);
    // A record a writer wrote but has not published (or that died unrecovered) is not a commit;
    // one whose writer died right after publishing is.
    const intent = (await listIntents(ctx.root.store)).find((i) => i.commit_id === commitId);
    if (intent && !(await isPublished(ctx.root, ctx.commits, intent))) throw notFound(commitId);
    return record;
  } catch (error) {
    if (error instanceof OmniError && error.code === 'not_found') throw notFound(commitId);
    throw error;
  }
}

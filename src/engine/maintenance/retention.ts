import { OmniError } from '../../util/omni-error.js';
import { readHead, nowMicros } from '../root/index.js';
import { listBranchNames } from '../branch/index.js';
import { listCommits, type GraphContext } from '../protocol/index.js';

/** Which commits `cleanup` keeps (docs/guide/maintenance.md). */
export interface RetentionRule {
  /** The newest N commits of each branch's history (inherited commits included). */
  readonly keepVersions?: number;
  /** Commits younger than this many seconds. */
  readonly olderThanSecs?: number;
}

/** What retention pins: per table, per Lance branch, the oldest version any kept state needs. */
export interface RetainedPins {
  /** `table → lance branch → oldest pinned version`. */
  readonly floors: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Lance branch of each live graph branch (`main` for main), by graph branch name. */
  readonly liveLanceBranches: ReadonlyMap<string, string>;
  /** Table key of each table name, as the retained commits name it. */
  readonly keys: ReadonlyMap<string, string>;
  readonly retainedCommits: number;
}

/** Throws `bad_request` unless the rule keeps something and its numbers make sense. */
export function validateRetention(rule: RetentionRule): void {
  const { keepVersions, olderThanSecs } = rule;
  if (keepVersions === undefined && olderThanSecs === undefined)
    throw new OmniError('bad_request', 'cleanup requires at least one of --keep or --older-than');
  if (keepVersions !== undefined && (!Number.isSafeInteger(keepVersions) || keepVersions < 1))
    throw new OmniError(
      'bad_request',
      `--keep must be a whole number of at least 1, got ${keepVersions}`,
    );
  if (olderThanSecs !== undefined && (!Number.isFinite(olderThanSecs) || olderThanSecs < 0))
    throw new OmniError('bad_request', `--older-than must not be negative, got ${olderThanSecs}s`);
}

/**
 * Whether the commit at `position` (0 = newest) of a history, created at `createdAt` (µs), is
 * kept: the head always; otherwise a commit is dropped only when it is outside every given cutoff.
 */
export function isRetained(
  rule: RetentionRule,
  position: number,
  createdAt: number,
  now: number,
): boolean {
  if (position === 0) return true;
  const byCount = rule.keepVersions !== undefined && position < rule.keepVersions;
  const byAge = rule.olderThanSecs !== undefined && now - createdAt < rule.olderThanSecs * 1e6;
  return byCount || byAge;
}

/**
 * The table versions the retained commits of every live branch pin (their heads included, so a
 * live head's versions are never reclaimed).
 */
export async function retainedPins(ctx: GraphContext, rule: RetentionRule): Promise<RetainedPins> {
  const floors = new Map<string, Map<string, number>>();
  const live = new Map<string, string>();
  const keys = new Map<string, string>();
  const retained = new Set<string>();
  const now = nowMicros();
  for (const branch of await listBranchNames(ctx)) {
    const head = await readHead(ctx.root.store, branch);
    if (!head) continue;
    live.set(branch, head.value.lanceBranch);
    const history = await listCommits(ctx, branch);
    for (const [position, info] of history.entries()) {
      if (!isRetained(rule, position, info.created_at, now)) continue;
      retained.add(info.graph_commit_id);
      const commit = await ctx.commits.read(info.graph_commit_id);
      for (const [key, entry] of Object.entries(commit.manifest.tables)) {
        keys.set(entry.table, key);
        const byBranch = floors.get(entry.table) ?? new Map<string, number>();
        const floor = byBranch.get(entry.branch);
        if (floor === undefined || entry.version < floor) byBranch.set(entry.branch, entry.version);
        floors.set(entry.table, byBranch);
      }
    }
  }
  return { floors, liveLanceBranches: live, keys, retainedCommits: retained.size };
}

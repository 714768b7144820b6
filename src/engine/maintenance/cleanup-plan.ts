import { isOmniError } from '../../util/omni-error.js';
import type { GraphContext } from '../protocol/index.js';
import { MAIN_BRANCH, type BranchInfo } from '../lance/index.js';
import { listIntents } from '../root/index.js';
import { retainedPins, type RetentionRule } from './retention.js';

/**
 * Lance takes its cleanup cutoff from its own clock when pruning starts, a little after the
 * call: versions up to this long before the oldest retained version are kept too, so the
 * retained one can never fall on the wrong side of the cutoff.
 */
export const CUTOFF_MARGIN_MS = 2000;

/** What cleanup does on one Lance branch of one table. */
export interface BranchCleanup {
  readonly lanceBranch: string;
  /** The oldest version a retained commit or live head pins on this branch. */
  readonly floor: number;
  /** Versions committed before this are removed. */
  readonly cutoff: Date;
  /** Versions that will be removed (Lance also keeps fork points of other branches). */
  readonly removable: number;
  /** The live graph branch writing this Lance branch, if any. */
  readonly owner: string | undefined;
  /** Why the branch cannot be cleaned, if it cannot. */
  readonly error: string | null;
}

/** What cleanup does on one table. */
export interface TableCleanup {
  readonly table: string;
  readonly typeKey: string;
  readonly branches: readonly BranchCleanup[];
  /** Lance branches of deleted graph branches that nothing pins, leaf-first. */
  readonly orphans: readonly string[];
  /**
   * Set when nothing pins the table (no live head, retained commit or pending write): it is
   * dropped whole, with every version of it (their number here) and every Lance branch.
   */
  readonly unpinned?: { readonly versions: number };
}

/** Orphan Lance branches in an order Lance can delete them (children before parents). */
function leafFirst(orphans: readonly string[], branches: readonly BranchInfo[]): string[] {
  const remaining = new Set(orphans);
  const ordered: string[] = [];
  let progress = true;
  while (remaining.size > 0 && progress) {
    progress = false;
    for (const name of remaining) {
      const hasChild = branches.some(
        (b) => b.parentBranch === name && (remaining.has(b.name) || !orphans.includes(b.name)),
      );
      if (hasChild) continue;
      ordered.push(name);
      remaining.delete(name);
      progress = true;
    }
  }
  return ordered;
}

async function planBranch(
  ctx: GraphContext,
  table: string,
  lanceBranch: string,
  floor: number,
  owner: string | undefined,
  forkPoints: ReadonlySet<number>,
): Promise<BranchCleanup> {
  const versions = await ctx.root.tables.listVersions(table, lanceBranch);
  const pinned = versions.find((v) => v.version === floor);
  const latest = versions.at(-1)?.version;
  if (pinned === undefined) {
    const error = `version ${floor} of table '${table}' on Lance branch '${lanceBranch}' is retained but missing`;
    return { lanceBranch, floor, cutoff: new Date(0), removable: 0, owner, error };
  }
  const cutoff = new Date(pinned.timestamp - CUTOFF_MARGIN_MS);
  const removable = versions.filter(
    (v) =>
      v.timestamp < cutoff.getTime() &&
      v.version < floor &&
      v.version !== latest &&
      !forkPoints.has(v.version),
  ).length;
  return { lanceBranch, floor, cutoff, removable, owner, error: null };
}

/**
 * Computes what cleanup removes under `rule`, changing nothing: per table and Lance branch, the
 * versions older than the oldest one a retained commit or live head pins; the Lance branches
 * no live graph branch and no retained commit uses; and the tables nothing pins at all (those a
 * large load or a schema change replaced, or a dropped type's, once no retained commit reads
 * them), which are dropped whole.
 */
export async function planCleanup(ctx: GraphContext, rule: RetentionRule): Promise<TableCleanup[]> {
  const names = await ctx.root.tables.tableNames();
  // Lance branches are listed before the heads: a branch created meanwhile is then live.
  const lanceBranches = new Map<string, BranchInfo[]>();
  for (const name of names) lanceBranches.set(name, await branchesOf(ctx, name));
  // Intents are listed after the tables and before the heads: a write that made a table listed
  // above either still has its intent, or has published (its intent goes after its head moves),
  // as this process's published writes whose intents wait to be deleted have.
  const intents = await listIntents(ctx.root.store, ctx.ownIntents.published);
  const written = new Set(intents.flatMap((intent) => intent.tables.map((t) => t.table)));
  const pins = await retainedPins(ctx, rule);
  const owners = new Map([...pins.liveLanceBranches].map(([graph, lance]) => [lance, graph]));
  const plans: TableCleanup[] = [];
  for (const table of names) {
    const floors = pins.floors.get(table) ?? new Map<string, number>();
    const existing = lanceBranches.get(table) ?? [];
    const typeKey = pins.keys.get(table) ?? table;
    if (floors.size === 0 && !written.has(table)) {
      const versions = await versionCount(ctx, table, existing);
      plans.push({ table, typeKey, branches: [], orphans: [], unpinned: { versions } });
      continue;
    }
    const orphans = existing
      .map((b) => b.name)
      .filter((name) => !owners.has(name) && !floors.has(name));
    const branches: BranchCleanup[] = [];
    for (const [lanceBranch, floor] of floors) {
      if (lanceBranch !== MAIN_BRANCH && !existing.some((b) => b.name === lanceBranch)) continue;
      // Lance keeps the versions other branches were forked from.
      const forkPoints = new Set(
        existing.filter((b) => b.parentBranch === lanceBranch).map((b) => b.parentVersion),
      );
      const owner = owners.get(lanceBranch);
      branches.push(await planBranch(ctx, table, lanceBranch, floor, owner, forkPoints));
    }
    plans.push({ table, typeKey, branches, orphans: leafFirst(orphans, existing) });
  }
  return plans;
}

/**
 * `what`, or `none` when the table is not there to answer: what a drop cut short left (its
 * versions gone, some files still listed) has no branches or versions, and nothing pins it.
 */
async function unlessMissing<T>(what: Promise<T>, none: T): Promise<T> {
  try {
    return await what;
  } catch (error) {
    if (isOmniError(error, 'not_found')) return none;
    throw error;
  }
}

function branchesOf(ctx: GraphContext, table: string): Promise<BranchInfo[]> {
  return unlessMissing(ctx.root.tables.listBranches(table), []);
}

/** Every version of a table: main's, and each Lance branch's own (past its fork point). */
async function versionCount(
  ctx: GraphContext,
  table: string,
  branches: readonly BranchInfo[],
): Promise<number> {
  const versionsOf = (branch: string) =>
    unlessMissing(ctx.root.tables.listVersions(table, branch), []);
  let count = (await versionsOf(MAIN_BRANCH)).length;
  for (const branch of branches) {
    const versions = await versionsOf(branch.name);
    count += versions.filter((v) => v.version > branch.parentVersion).length;
  }
  return count;
}

import { OmniError } from '../../util/omni-error.js';
import { MAIN_BRANCH, type BranchInfo, type LanceTables, type TablePin } from '../lance/index.js';

/** A table version a commit pins. */
export interface PinnedVersion extends TablePin {
  readonly table: string;
}

/** A stable key of a pinned version, for sets of them. */
export function pinnedKey(pin: PinnedVersion): string {
  return `${pin.table}\u0000${pin.branch}\u0000${pin.version}`;
}

/**
 * The typed answer to reading (or forking) a commit whose table version `cleanup` removed: a
 * `not_found` naming the commit and the first version that is gone.
 */
export function reclaimedError(commitId: string, typeName: string, pin: PinnedVersion): OmniError {
  return new OmniError(
    'not_found',
    `commit ${commitId} can no longer be read: cleanup reclaimed its data (table ${typeName} version ${pin.version}); read a newer commit`,
    {
      details: {
        commit_id: commitId,
        type_name: typeName,
        table: pin.table,
        branch: pin.branch,
        version: pin.version,
        data_reclaimed: true,
      },
    },
  );
}

/** The Lance branches of a table, or undefined when the table is gone. */
async function branchesOf(
  tables: LanceTables,
  table: string,
): Promise<readonly BranchInfo[] | undefined> {
  try {
    return await tables.listBranches(table);
  } catch (error) {
    if (error instanceof OmniError && error.code === 'not_found') return undefined;
    throw error;
  }
}

/**
 * The fork points other Lance branches have on `branch` (cleanup keeps them), or undefined
 * when the branch (or its table) is gone.
 */
function forkPoints(
  branches: readonly BranchInfo[] | undefined,
  branch: string,
): ReadonlySet<number> | undefined {
  if (branches === undefined) return undefined;
  if (branch !== MAIN_BRANCH && !branches.some((b) => b.name === branch)) return undefined;
  return new Set(branches.filter((b) => b.parentBranch === branch).map((b) => b.parentVersion));
}

/** One Lance branch of one table, and the versions pinned on it. */
interface BranchPins {
  readonly table: string;
  readonly branch: string;
  /** Sorted, distinct. */
  readonly versions: readonly number[];
}

/**
 * Which pinned versions of one Lance branch of a table are gone. Cleanup removes only versions
 * older than a floor, fork points of other branches excepted (docs/guide/maintenance.md): the
 * others that still exist are the newest ones, so a binary search finds the oldest that exists,
 * with one existence check when nothing was reclaimed (listing a table's versions would read
 * every version). `branches` lists the table's branches, for the fork points.
 */
async function reclaimedOnBranch(
  tables: LanceTables,
  { table, branch, versions }: BranchPins,
  branches: () => Promise<readonly BranchInfo[] | undefined>,
): Promise<number[]> {
  const exists = (version: number) => tables.hasVersion(table, { branch, version });
  const [only] = versions;
  if (versions.length === 1 && only !== undefined) return (await exists(only)) ? [] : [only];
  const forks = forkPoints(await branches(), branch);
  if (forks === undefined) return [...versions];
  const candidates = versions.filter((version) => !forks.has(version));
  // Candidates below `low` are gone; from `high` on they exist.
  let low = 0;
  let high = candidates.length;
  while (low < high) {
    // The oldest first: nothing reclaimed, the common case, takes one check.
    const probe = low === 0 ? 0 : (low + high) >> 1;
    if (await exists(candidates[probe] as number)) high = probe;
    else low = probe + 1;
  }
  return candidates.slice(0, low);
}

/** The pins grouped by table and Lance branch. */
function byBranch(pins: readonly PinnedVersion[]): BranchPins[] {
  const groups = new Map<string, { table: string; branch: string; versions: Set<number> }>();
  for (const { table, branch, version } of pins) {
    const key = `${table}\u0000${branch}`;
    const group = groups.get(key) ?? { table, branch, versions: new Set<number>() };
    group.versions.add(version);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ table, branch, versions }) => ({
    table,
    branch,
    versions: [...versions].sort((a, b) => a - b),
  }));
}

/**
 * The keys ({@link pinnedKey}) of the pins whose version cleanup reclaimed, checking each Lance
 * branch of each table once, in parallel.
 */
export async function reclaimedPins(
  tables: LanceTables,
  pins: readonly PinnedVersion[],
): Promise<Set<string>> {
  // Listed once per table, and only for a Lance branch with several pinned versions.
  const listed = new Map<string, Promise<readonly BranchInfo[] | undefined>>();
  const branches = (table: string) => () => {
    const pending = listed.get(table) ?? branchesOf(tables, table);
    listed.set(table, pending);
    return pending;
  };
  const gone = await Promise.all(
    byBranch(pins).map(async (group) => {
      const reclaimed = await reclaimedOnBranch(tables, group, branches(group.table));
      return reclaimed.map((version) => pinnedKey({ ...group, version }));
    }),
  );
  return new Set(gone.flat());
}

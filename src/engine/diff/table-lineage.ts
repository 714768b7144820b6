import { type LanceTables, MAIN_BRANCH, type TablePin } from '../lance/index.js';

/**
 * True when `head` holds every version of table `name` up to `base`: the same Lance branch at a
 * later version, or a branch forked (directly or through other forks) from `base`'s branch at or
 * after `base`'s version. Then the rows Lance stamps as written after `base.version` are exactly
 * the rows that changed since `base`.
 */
export async function pinDescendsFrom(
  tables: LanceTables,
  name: string,
  head: TablePin,
  base: TablePin,
): Promise<boolean> {
  if (head.branch === base.branch) return head.version >= base.version;
  // Lance forks a branch from one that exists, so the walk ends; `seen` only guards it.
  const seen = new Set<string>();
  for (let branch = head.branch; !seen.has(branch);) {
    seen.add(branch);
    const info = await tables.branch(name, branch);
    if (info === undefined) return false;
    if (info.parentBranch === base.branch) return info.parentVersion >= base.version;
    if (info.parentBranch === MAIN_BRANCH) return false;
    branch = info.parentBranch;
  }
  return false;
}

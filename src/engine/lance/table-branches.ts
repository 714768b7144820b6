import type { Branches, IndexConfig, Table as LanceTable } from '@lancedb/lancedb';
import { OmniError } from '../../util/omni-error.js';
import { MAIN_BRANCH, validateBranchName } from './lance-names.js';
import { lanceBranch, validatePin, type TablePin } from './table-pin.js';

/** A Lance native branch of one table and the pin it was forked from. */
export interface BranchInfo {
  readonly name: string;
  /** The branch it was forked from, {@link MAIN_BRANCH} for the trunk. */
  readonly parentBranch: string;
  /** The parent's version at the fork; the branch's own versions continue from it. */
  readonly parentVersion: number;
}

/** The native branches of a table (not `main`), sorted by name. */
export async function listBranches(table: LanceTable): Promise<BranchInfo[]> {
  const branches = await (await table.branches()).list();
  return Object.entries(branches)
    .map(([name, contents]) => ({
      name,
      parentBranch: contents.parentBranch ?? MAIN_BRANCH,
      parentVersion: contents.parentVersion,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Forks `name` from `from` (zero-copy). The name is validated first and an existing branch is
 * a `conflict`: Lance answers both with confusing errors and may leave a stray folder.
 */
export async function createBranch(
  table: LanceTable,
  name: string,
  from: TablePin,
): Promise<BranchInfo> {
  validateBranchName(name);
  validatePin(from);
  const existing = await listBranches(table);
  if (existing.some((branch) => branch.name === name)) {
    throw new OmniError('conflict', `branch '${name}' of table '${table.name}' already exists`, {
      details: { table: table.name, branch: name },
    });
  }
  const branches = await table.branches();
  const created = await branches.create(name, lanceBranch(from.branch), from.version);
  created.close();
  return { name, parentBranch: from.branch, parentVersion: from.version };
}

/**
 * The names of the indexes a fork of `from` would inherit and could not read. Lance looks for
 * the files of an index a branch inherits in its parent's folder, which holds only the indexes
 * built on the parent: one the parent inherited itself (built on `main` or further up) is not
 * there, and every read or write of the fork that uses it fails with "not found". Those are the
 * indexes `from` holds that its branch already held when it was forked (same index id; an index
 * rebuilt on the branch has a new one), read at the parent's version at the fork, which Lance
 * keeps while the fork exists. Forks of `main` lose none. `forkPoint` tells `from`'s branch's
 * fork point, asked only when `from` holds an index.
 */
export async function indexesLostInFork(
  table: LanceTable,
  from: TablePin,
  forkPoint: () => Promise<BranchInfo>,
): Promise<string[]> {
  validatePin(from);
  const branch = lanceBranch(from.branch);
  if (branch === undefined) return [];
  const branches = await table.branches();
  const held = await indexesAt(branches, branch, from.version);
  if (held.length === 0) return [];
  const { parentBranch, parentVersion } = await forkPoint();
  const atFork = await indexesAt(branches, parentBranch, parentVersion);
  const inherited = new Set(atFork.map((index) => index.indexUuid));
  return held.filter((index) => inherited.has(index.indexUuid)).map((index) => index.name);
}

/** The indexes of `branch` (`main` included) at `version`, through a handle closed after. */
async function indexesAt(
  branches: Branches,
  branch: string,
  version: number,
): Promise<IndexConfig[]> {
  const handle = await branches.checkout(branch, version);
  try {
    return await handle.listIndices();
  } finally {
    handle.close();
  }
}

/**
 * Deletes a branch. A missing branch is `not_found`; a branch that other branches were forked
 * from cannot be deleted (Lance: "ref conflict", a `conflict`): delete leaf-first.
 */
export async function deleteBranch(table: LanceTable, name: string): Promise<void> {
  validateBranchName(name);
  const existing = await listBranches(table);
  if (!existing.some((branch) => branch.name === name)) {
    throw new OmniError('not_found', `branch '${name}' of table '${table.name}' does not exist`, {
      details: { table: table.name, branch: name },
    });
  }
  await (await table.branches()).delete(name);
}

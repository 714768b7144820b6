import { newUlid } from '../../util/ulid.js';
import { listAll } from '../../storage/object-store.js';
import { OmniError } from '../../util/omni-error.js';
import { settleAll } from '../../util/settle-all.js';
import {
  createHead,
  readHead,
  requireHead,
  type BranchHead,
  branchNamesOverlap,
  MAIN_BRANCH,
  normalizeBranchName,
  GraphKeys,
  recordName,
} from '../root/index.js';
import { readCommit, type GraphContext, WriteFence } from '../protocol/index.js';

/**
 * In-process gate of the branch namespace: creates and deletes run one at a time, so the
 * path-prefix rule holds (branch names cannot contain NUL, so no write gate shares this key).
 * A confirmed cleanup holds it too, so that no branch starts on a commit it is reclaiming.
 */
export const BRANCH_NAMES_GATE = '\u0000branches';

/** Every live branch name, sorted. */
export async function listBranchNames(ctx: GraphContext): Promise<string[]> {
  const names: string[] = [];
  for await (const meta of listAll(ctx.root.store, GraphKeys.headsPrefix)) {
    const name = recordName(GraphKeys.headsPrefix, meta.key);
    if (name !== undefined) names.push(name);
  }
  return names.sort();
}

/** Where a new branch starts, and whether that is a branch's head. */
interface BranchStart {
  readonly branch: string;
  readonly commitId: string;
  readonly atHead: boolean;
}

/**
 * Where a new branch starts: a branch's head, or a commit id. A branch's head is never
 * reclaimed; an older commit's tables may have been, by cleanup, which the create checks under
 * the writer lease ({@link createHeadOnCommit}).
 */
async function resolveFrom(ctx: GraphContext, from: string): Promise<BranchStart> {
  const head = await readHead(ctx.root.store, normalizeBranchName(from));
  if (head) return { branch: head.value.branch, commitId: head.value.commitId, atHead: true };
  let commit;
  try {
    commit = await readCommit(ctx, from.trim());
  } catch (error) {
    if (error instanceof OmniError && error.code === 'not_found') {
      throw new OmniError('not_found', `branch or commit '${from}' not found`, {
        details: { from },
      });
    }
    throw error;
  }
  return { branch: commit.graph_branch, commitId: commit.graph_commit_id, atHead: false };
}

/**
 * Creates a branch at the head of `from` (a branch or a commit id). It shares every table
 * version with its source until a write forks a table (lazy fork); creation is not a commit.
 */
export async function createBranch(
  ctx: GraphContext,
  rawName: string,
  from: string,
): Promise<BranchHead> {
  const name = normalizeBranchName(rawName);
  if (name === MAIN_BRANCH) throw new OmniError('conflict', `branch 'main' already exists`);
  // The overlap check and the create must not interleave with another create or delete.
  return ctx.gates.run(BRANCH_NAMES_GATE, () => createUnderGate(ctx, name, from));
}

async function createUnderGate(ctx: GraphContext, name: string, from: string): Promise<BranchHead> {
  // Two independent reads: where the branch starts, and the names it must not overlap.
  const [source, names] = await settleAll([resolveFrom(ctx, from), listBranchNames(ctx)] as const);
  const clash = names.find((live) => branchNamesOverlap(live, name));
  if (clash === name)
    throw new OmniError('conflict', `branch '${name}' already exists`, {
      details: { branch: name },
    });
  if (clash !== undefined) {
    throw new OmniError(
      'conflict',
      `branch '${name}' overlaps live branch '${clash}': live branch names must not be path prefixes of each other`,
      {
        details: { branch: name, conflicting_branch: clash },
      },
    );
  }
  const incarnation = newUlid();
  const head: BranchHead = {
    branch: name,
    incarnation,
    lanceBranch: `og_${incarnation}`,
    forkedFrom: { branch: source.branch, commitId: source.commitId },
    commitId: source.commitId,
  };
  if (source.atHead) await createHead(ctx.root.store, head);
  else await createHeadOnCommit(ctx, head);
  return head;
}

/**
 * Creates the head of a branch starting on a commit no branch head names, which a cleanup may
 * be reclaiming: in this process it would hold the branch names' gate, in another the writer
 * lease, from its plan to its last removal. So the head is created under the lease, once the
 * commit's data is found there: a commit reclaimed is `not_found`, and a cleanup that plans
 * after sees the new head and keeps what it pins.
 */
async function createHeadOnCommit(ctx: GraphContext, head: BranchHead): Promise<void> {
  await ctx.lease.acquire();
  try {
    await (await ctx.snapshotOf(head.commitId)).requireData();
    await new WriteFence(ctx.lease).check();
    await createHead(ctx.root.store, head);
  } finally {
    await ctx.lease.release();
  }
}

/**
 * Branches whose tables come from `head`'s Lance branch: read from it (their head pins it), or
 * forked from it (their fork point pinned it; Lance keeps a fork's parent alive, so deleting
 * `head` would leave a branch that can neither be deleted nor told apart from a live one).
 */
async function dependentsOf(ctx: GraphContext, head: BranchHead): Promise<string[]> {
  const pins = async (commitId: string): Promise<boolean> => {
    const commit = await ctx.commits.read(commitId);
    return Object.values(commit.manifest.tables).some((entry) => entry.branch === head.lanceBranch);
  };
  const dependents: string[] = [];
  for (const name of await listBranchNames(ctx)) {
    if (name === head.branch) continue;
    const other = await readHead(ctx.root.store, name);
    if (!other) continue;
    const forkPoint = other.value.forkedFrom?.commitId;
    if ((await pins(other.value.commitId)) || (forkPoint !== undefined && (await pins(forkPoint))))
      dependents.push(name);
  }
  return dependents;
}

/**
 * Deletes a branch: refuses `main`, unknown branches, and branches other branches' tables
 * depend on. Its table forks are reclaimed best-effort. Not a commit.
 */
export async function deleteBranch(ctx: GraphContext, rawName: string): Promise<void> {
  const name = normalizeBranchName(rawName);
  if (name === MAIN_BRANCH) throw new OmniError('bad_request', `branch 'main' cannot be deleted`);
  // Taking the lease recovers dead writers first, so no intent refers to a deleted branch.
  await ctx.lease.acquire();
  try {
    await ctx.gates.run(BRANCH_NAMES_GATE, () =>
      ctx.gates.run(name, async () => {
        const head = await requireHead(ctx.root.store, name);
        const dependents = await dependentsOf(ctx, head.value);
        if (dependents.length > 0) {
          throw new OmniError(
            'conflict',
            `branch '${name}' has dependent branches: ${dependents.join(', ')}; delete them first`,
            {
              details: { branch: name, dependents },
            },
          );
        }
        const commit = await ctx.commits.read(head.value.commitId);
        await new WriteFence(ctx.lease).check();
        await ctx.root.store.delete(GraphKeys.head(name));
        ctx.heads.forget(name);
        const forked = Object.values(commit.manifest.tables).filter(
          (entry) => entry.branch === head.value.lanceBranch,
        );
        for (const entry of forked)
          await ctx.root.tables.deleteBranch(entry.table, entry.branch).catch(() => undefined);
        ctx.onBranchesDeleted?.(forked.map(({ table, branch }) => ({ table, branch })));
      }),
    );
  } finally {
    await ctx.lease.release();
  }
}

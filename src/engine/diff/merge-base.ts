import type { CommitReader, CommitRecord } from '../root/index.js';

/** The commits a commit links to: its parent, then its merged parent. */
function parentsOf(record: CommitRecord): string[] {
  return [record.parent_commit_id, record.merged_parent_commit_id].filter(
    (id): id is string => id !== null,
  );
}

/** `commitId` and every commit reachable from it over parent and merged-parent links. */
async function ancestry(commits: CommitReader, commitId: string): Promise<Set<string>> {
  const seen = new Set<string>([commitId]);
  const queue = [commitId];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    for (const parent of parentsOf(await commits.read(next))) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      queue.push(parent);
    }
  }
  return seen;
}

/**
 * The merge base of two commits: their nearest common ancestor over parent and merged-parent
 * links (a commit is its own ancestor), or null when their histories never meet. Of several
 * best candidates (criss-cross merges), the newest wins.
 */
export async function mergeBase(
  commits: CommitReader,
  a: string,
  b: string,
): Promise<string | null> {
  const ofA = await ancestry(commits, a);
  // Walk b's history, stopping at the first common commits on each path.
  const candidates = new Set<string>();
  const seen = new Set<string>([b]);
  const queue = [b];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (ofA.has(next)) {
      candidates.add(next);
      continue;
    }
    for (const parent of parentsOf(await commits.read(next))) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      queue.push(parent);
    }
  }
  // A candidate below another candidate is not nearest.
  const below = new Set<string>();
  for (const candidate of candidates) {
    for (const ancestor of await ancestry(commits, candidate))
      if (ancestor !== candidate) below.add(ancestor);
  }
  const best: CommitRecord[] = [];
  for (const candidate of candidates)
    if (!below.has(candidate)) best.push(await commits.read(candidate));
  best.sort(
    (x, y) => y.graph_manifest_version - x.graph_manifest_version || y.created_at - x.created_at,
  );
  return best[0]?.graph_commit_id ?? null;
}

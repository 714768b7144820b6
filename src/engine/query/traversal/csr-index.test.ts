import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CsrIndex } from './csr-index.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** A ring of `nodes` nodes, each knowing the next two. */
function ring(nodes: number): CsrIndex {
  const src: string[] = [];
  const dst: string[] = [];
  for (let node = 0; node < nodes; node += 1) {
    for (const step of [1, 2]) {
      src.push(`n${node}`);
      dst.push(`n${(node + step) % nodes}`);
    }
  }
  return CsrIndex.build({ src, dst, ids: () => Promise.resolve(src.map((_, edge) => `e${edge}`)) });
}

const ONE_HOP = { direction: 'out', minHops: 1, maxHops: 1 } as const;

/** Collects garbage until `done` holds (finalizers run after a collection, asynchronously). */
async function collectUntil(done: () => boolean): Promise<void> {
  for (let round = 0; round < 50 && !done(); round += 1) {
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('CsrIndex bytes', () => {
  it('counts what it keeps per id list only while the list lives', async () => {
    const index = ring(20_000);
    const kept = Array.from({ length: 20_000 }, (_, node) => `n${node}`);
    expect(Array.from(index.reachCounts(kept, ONE_HOP)).slice(0, 3)).toEqual([2, 2, 2]);
    expect(index.reachRows(kept, ONE_HOP, kept).rows.length).toBe(40_000);
    const settled = index.bytes;
    // A query's own list: the counts and node numbers derived from it grow the index...
    (() => {
      const own = [...kept];
      index.reachCounts(own, ONE_HOP);
      index.reachRows(own, ONE_HOP, kept);
    })();
    expect(index.bytes).toBeGreaterThan(settled + 20_000 * 4 * 2);
    // ...until the list is gone.
    await collectUntil(() => index.bytes === settled);
    expect(index.bytes).toBe(settled);
  });
});

import { describe, expect, it } from 'vitest';
import { RemovedPositions } from '../../../util/removed-positions.js';
import { Adjacency } from './adjacency.js';
import { EntryEdges } from './entry-edges.js';

/** Nodes 0 … 3: 0 → 1, 2; 1 → 2; 2 → (none); 3 → 0, 1, 3. Edge numbers in entry order. */
function small(): Adjacency {
  return new Adjacency(
    Int32Array.from([0, 2, 3, 3, 6]),
    Int32Array.from([1, 2, 2, 0, 1, 3]),
    new EntryEdges(Int32Array.from([0, 1, 2, 3, 4, 5])),
  );
}

/** The targets of each of the nodes 0 … 3, read entry by entry without making arrays. */
function targetsByNode(adjacency: Adjacency): number[][] {
  return Array.from({ length: 4 }, (_, node) => {
    const [start, end] = adjacency.entriesOf(node);
    return Array.from({ length: end - start }, (_, at) => adjacency.targetAt(start + at));
  });
}

describe('Adjacency.without', () => {
  it('reads a node’s entries through the removed ones, then makes the arrays once', () => {
    const base = small();
    // Edge 1 (0 → 2) goes, then edge 4 (3 → 1), numbered 3 by then.
    const first = base.without(Int32Array.from([1]), new RemovedPositions(Int32Array.from([1]), 6));
    const second = first.without(
      Int32Array.from([3]),
      new RemovedPositions(Int32Array.from([3]), 5),
    );
    expect(targetsByNode(second)).toEqual([[1], [2], [], [0, 3]]);
    expect(second.length).toBe(4);
    // Until read, the arrays are the base's, with the two entries removed from them.
    const shared = base.offsets.byteLength + base.targets.byteLength;
    expect(second.byteLength).toBe(shared + 2 * 4 + second.edges.byteLength);
    expect(Array.from(second.offsets)).toEqual([0, 1, 2, 2, 4]);
    expect(Array.from(second.targets)).toEqual([1, 2, 0, 3]);
    expect(second.byteLength).toBe(5 * 4 + 4 * 4 + second.edges.byteLength);
    expect(targetsByNode(second)).toEqual([[1], [2], [], [0, 3]]);
    expect(Array.from(second.edges.all())).toEqual([0, 1, 2, 3]);
    // The adjacencies removed from are left as they were.
    expect(targetsByNode(base)).toEqual([[1, 2], [2], [], [0, 1, 3]]);
    expect(targetsByNode(first)).toEqual([[1], [2], [], [0, 1, 3]]);
  });

  it('reads no entry for a node numbered after it was made', () => {
    expect(small().entriesOf(4)).toEqual([0, 0]);
    expect(small().entriesOf(9)).toEqual([0, 0]);
  });
});

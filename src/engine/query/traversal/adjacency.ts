import {
  countBelow,
  positionKept,
  withoutPositions,
  type RemovedPositions,
} from '../../../util/removed-positions.js';
import type { EntryEdges } from './entry-edges.js';

/** No entry removed. */
const NONE = new Int32Array(0);

/** An adjacency's arrays: the entry range of each node, and each entry's other end. */
interface EntryArrays {
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
}

/**
 * One direction of a topology index's adjacency: for node `n`, entries `offsets[n] ..
 * offsets[n + 1]`, each with the node at its other end (`targets`) and its edge (`edges`). A node
 * past the end of `offsets` (numbered after the adjacency was made) has no entry in it.
 *
 * An adjacency made by removing entries ({@link without}) shares the arrays of the one it was
 * made from, keeps which of their entries it lacks, and makes arrays of its own only when a walk
 * first reads them ({@link offsets}, {@link targets}); reads of a few nodes' entries
 * ({@link entriesOf}, {@link targetAt}) go through the removed entries instead. At 10M edges,
 * copying the targets without a delete's entries took 100–270 ms on the first read after the
 * delete (40 MB of fresh memory a side), where recounting the reach of the nodes that lost an
 * edge, all a count of friends needs then, reads a few hundred entries.
 */
export class Adjacency {
  /** The arrays shared with the adjacency entries were removed from (its own, if none were). */
  #base: EntryArrays;
  /** The base's entries this adjacency lacks, ascending. */
  #removed: Int32Array;
  /** Its own arrays, once made (the base's when nothing was removed). */
  #own: EntryArrays | undefined;
  /** The edge of each entry. */
  readonly edges: EntryEdges;
  /** Entries. */
  readonly length: number;

  /**
   * The adjacency of `offsets` and `targets` without the entries `removed` (ascending; none by
   * default), whose edges are `edges`.
   */
  constructor(
    offsets: Int32Array,
    targets: Int32Array,
    edges: EntryEdges,
    removed: Int32Array = NONE,
  ) {
    this.#base = { offsets, targets };
    this.#removed = removed;
    this.#own = removed.length === 0 ? this.#base : undefined;
    this.edges = edges;
    this.length = targets.length - removed.length;
  }

  /** The first entry of each node, and the end (made on first read after a removal). */
  get offsets(): Int32Array {
    return this.#arrays().offsets;
  }

  /** The node at the other end of each entry (made on first read after a removal). */
  get targets(): Int32Array {
    return this.#arrays().targets;
  }

  /** The entries of `node`, `[start, end)`, read without making arrays. */
  entriesOf(node: number): readonly [number, number] {
    const { offsets } = this.#base;
    if (node + 1 >= offsets.length) return [0, 0];
    const [start, end] = [offsets[node] ?? 0, offsets[node + 1] ?? 0];
    const removed = this.#removed;
    return [start - countBelow(removed, start), end - countBelow(removed, end)];
  }

  /** The node at the other end of entry `entry`, read without making arrays. */
  targetAt(entry: number): number {
    return this.#base.targets[positionKept(this.#removed, entry)] ?? 0;
  }

  /**
   * This adjacency without its entries `entries` (ascending), those of the edges `gone`: the
   * other edges' numbers lowered past them (see {@link EntryEdges}).
   */
  without(entries: Int32Array, gone: RemovedPositions): Adjacency {
    const edges = this.edges.without(entries, gone);
    const { offsets, targets } = this.#base;
    const removed = this.#removed;
    const inBase = entries.map((entry) => positionKept(removed, entry));
    return new Adjacency(offsets, targets, edges, mergedSorted(removed, inBase));
  }

  /**
   * Bytes held: the arrays (the base's, shared with the adjacencies removed from, until its own
   * are made), the removed entries, and the edge numbers.
   */
  get byteLength(): number {
    const { offsets, targets } = this.#base;
    return (
      offsets.byteLength + targets.byteLength + this.#removed.byteLength + this.edges.byteLength
    );
  }

  /** Its own arrays, made once: from then on the base is not held. */
  #arrays(): EntryArrays {
    if (this.#own === undefined) {
      const { offsets, targets } = this.#base;
      this.#own = {
        offsets: offsetsWithout(offsets, this.#removed),
        targets: withoutPositions(targets, this.#removed),
      };
      this.#base = this.#own;
      this.#removed = NONE;
    }
    return this.#own;
  }
}

/** Two ascending lists of distinct numbers, neither holding one of the other's, merged. */
function mergedSorted(a: Int32Array, b: Int32Array): Int32Array {
  const merged = new Int32Array(a.length + b.length);
  let [i, j] = [0, 0];
  for (let at = 0; at < merged.length; at += 1) {
    const [x, y] = [a[i], b[j]];
    if (y === undefined || (x !== undefined && x < y)) {
      merged[at] = x ?? 0;
      i += 1;
    } else {
      merged[at] = y;
      j += 1;
    }
  }
  return merged;
}

/**
 * `offsets` with the entries `removed` (ascending) gone: each offset lowered by the removed
 * entries before it. Offsets ascend, so the nodes past each removed entry are found by a search
 * and lowered in one run; nodes before the first are copied as they are.
 */
function offsetsWithout(offsets: Int32Array, removed: Int32Array): Int32Array {
  const kept = offsets.slice();
  // The first node whose offset is past `entry`: the count of offsets up to it.
  const firstPast = (entry: number) => countBelow(offsets, entry + 1);
  for (let index = 0; index < removed.length; index += 1) {
    const from = firstPast(removed[index] ?? 0);
    const next = removed[index + 1];
    const to = next === undefined ? offsets.length : firstPast(next);
    for (let node = from; node < to; node += 1) kept[node] = (kept[node] ?? 0) - index - 1;
  }
  return kept;
}

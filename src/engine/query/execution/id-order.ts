import { compareStrings } from '../../values/index.js';
import type { Relation } from './relation.js';

/** The ids of a relation's entities, one column per variable. */
export function idColumns(relation: Relation): string[][] {
  return relation.vars.map((v, index) =>
    (relation.columns[index] ?? []).map((slot) => v.pool.id(slot)),
  );
}

/**
 * Rows `0 … size-1` in the order of their ids (`ids[0]`, then `ids[1]`, …, then row number),
 * taken a few at a time from a binary heap: taking the first k of n rows costs O(n + k log n)
 * comparisons, where sorting them all would cost O(n log n).
 */
export class RowsById {
  readonly #heap: number[];
  readonly #ids: readonly (readonly string[])[];

  constructor(ids: readonly (readonly string[])[], size: number) {
    this.#ids = ids;
    this.#heap = Array.from({ length: size }, (_, row) => row);
    for (let at = (this.#heap.length >> 1) - 1; at >= 0; at -= 1) this.#siftDown(at);
  }

  /** Rows not taken yet. */
  get remaining(): number {
    return this.#heap.length;
  }

  /** The next `count` rows (fewer when fewer remain), in order. */
  take(count: number): number[] {
    const taken: number[] = [];
    const heap = this.#heap;
    while (taken.length < count && heap.length > 0) {
      taken.push(heap[0] ?? -1);
      const last = heap.pop() ?? -1;
      if (heap.length > 0) {
        heap[0] = last;
        this.#siftDown(0);
      }
    }
    return taken;
  }

  #before(a: number, b: number): boolean {
    for (const ids of this.#ids) {
      const order = compareStrings(ids[a] ?? '', ids[b] ?? '');
      if (order !== 0) return order < 0;
    }
    return a < b;
  }

  #siftDown(start: number): void {
    const heap = this.#heap;
    let at = start;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let least = at;
      if (left < heap.length && this.#before(heap[left] ?? -1, heap[least] ?? -1)) least = left;
      if (right < heap.length && this.#before(heap[right] ?? -1, heap[least] ?? -1)) least = right;
      if (least === at) return;
      const kept = heap[at] ?? -1;
      heap[at] = heap[least] ?? -1;
      heap[least] = kept;
      at = least;
    }
  }
}

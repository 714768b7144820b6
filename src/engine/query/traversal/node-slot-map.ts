import { anchorShape } from '../../../util/shape-anchor.js';

/** Sources walked at once from which a dense array pays for itself. */
const DENSE_FROM_SOURCES = 256;
/** Translations held in a Map before they move to a dense array. */
const DENSE_FROM_ENTRIES = 4096;

/**
 * The slot of each topology node in one slot space, as a query translates them. A walk from a
 * few sources (a point lookup's neighbours) meets a handful of nodes, so they are kept in a Map
 * rather than an array over every node, whose allocation would dominate the query; a large walk
 * moves them into a dense array.
 */
export class NodeSlotMap {
  readonly #nodes: number;
  #sparse: Map<number, number> | undefined = new Map();
  #dense: Int32Array | undefined;

  /** A map over `nodes` topology nodes. */
  constructor(nodes: number) {
    this.#nodes = nodes;
  }

  /** Prepares for a walk from `sources` sources: a large one gets the dense array. */
  expect(sources: number): void {
    if (this.#dense === undefined && sources >= DENSE_FROM_SOURCES) this.#densify();
  }

  /** The slot of `node`, or -1 when not translated yet. */
  get(node: number): number {
    return this.#dense !== undefined ? (this.#dense[node] ?? -1) : (this.#sparse?.get(node) ?? -1);
  }

  set(node: number, slot: number): void {
    if (this.#dense !== undefined) {
      this.#dense[node] = slot;
      return;
    }
    this.#sparse?.set(node, slot);
    if ((this.#sparse?.size ?? 0) >= DENSE_FROM_ENTRIES) this.#densify();
  }

  #densify(): void {
    const dense = new Int32Array(this.#nodes).fill(-1);
    for (const [node, slot] of this.#sparse ?? []) dense[node] = slot;
    this.#dense = dense;
    this.#sparse = undefined;
  }
}

/** A query's slot maps live for one query: their layout is kept across collections. */
anchorShape(new NodeSlotMap(0));

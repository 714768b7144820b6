import { MAP_ENTRY_BYTES, stringsBytes } from '../../../util/cache-budget.js';
import { extendedIndex, type PositionIndex } from '../../../util/extended-index.js';
import { joinedLists } from '../../../util/joined-lists.js';
import { nearestExtended, nearestShrunk } from '../../../util/list-lineage.js';
import { positionIndexOf } from '../../../util/list-positions.js';
import { RemovedPositions } from '../../../util/removed-positions.js';
import { OmniError } from '../../../util/omni-error.js';
import { checkQueryRows } from '../query-rows.js';
import type { HopDirection, HopSpec, ReachCounts, RowReach } from './hop-spec.js';
import { NodeSlotMap } from './node-slot-map.js';
import { isSingleHop, unreachedPositions } from './hop-spec.js';
import { grown } from './grown-array.js';
import { EntryEdges } from './entry-edges.js';
import { Adjacency } from './adjacency.js';
import { keyPositions } from '../../../util/key-positions.js';

/**
 * The topology of one edge table, as read from it: endpoints as parallel arrays, and the edge
 * ids in the same order, read only when a traversal binds an edge variable.
 */
export interface EdgeList {
  readonly src: readonly string[];
  readonly dst: readonly string[];
  readonly ids: () => Promise<readonly string[]>;
}

/**
 * A topology already numbered: the node ids by number, and each edge's endpoints as numbers, in
 * the order the edge ids come in.
 */
export interface NumberedEdges {
  readonly nodeIds: readonly string[];
  readonly src: Int32Array;
  readonly dst: Int32Array;
  readonly ids: () => Promise<readonly string[]>;
}

/** Dense numbers of a query's entities (pool slots), and their ids. */
export interface SlotSpace {
  id(slot: number): string;
  slot(id: string): number;
  /** A long-lived id list equal to the ids of `slots`, when there is one (else undefined). */
  imageIds?(slots: readonly number[]): readonly string[] | undefined;
}

/**
 * How far back {@link CsrIndex} follows a list's extensions, and the indexes it extends, to find
 * a list one of them numbered.
 */
const MAX_LINEAGE_DEPTH = 8;

/**
 * A walk into targets goes back from them when they, and their edges, number at most one in this
 * many of the sources ({@link CsrIndex} `#walkRowsIntoFew`): the pass over the sources' node
 * numbers that finds those reaching them then costs more than the edges walked back.
 */
const FEW_TARGETS_SHARE = 4;

/** The direction that leads back along a hop in each direction. */
const BACK: Readonly<Record<HopDirection, HopDirection>> = { out: 'in', in: 'out', both: 'both' };

/**
 * Edges appended since an index's base adjacency that are kept in a part of their own (at least
 * this many, else a sixteenth of the base's edges): past that, they are merged into the base.
 */
const MIN_APPENDED_KEPT = 4096;

/** An adjacency's arrays, as a walk reads them. */
interface WalkPart {
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  readonly edges: EntryEdges;
}

/**
 * What an index made by {@link CsrIndex.removed} takes over from the index it was made from: that
 * index's answers of `reachRows` and the rows of nodes in the lists it answered for (both weak
 * by list), and the node pairs whose edges went.
 */
interface RemovalCarry {
  readonly reaches: WeakMap<readonly string[], WeakMap<readonly string[], Map<string, RowReach>>>;
  readonly rowLists: WeakMap<readonly string[], Int32Array>;
  readonly src: Int32Array;
  readonly dst: Int32Array;
}

/** Where row `row` of a list is once the rows `removals` (oldest first) go; -1 when it goes. */
function rowAfter(row: number, removals: readonly RemovedPositions[]): number {
  let kept = row;
  for (const gone of removals) {
    const below = gone.below(kept);
    if (below < 0) return -1;
    kept -= below;
  }
  return kept;
}

/** Edges' endpoints as node numbers, in edge order. */
interface NumberedEndpoints {
  readonly src: Int32Array;
  readonly dst: Int32Array;
}

/**
 * The node numbers of id lists an index numbered (`lists`), the nodes new to the index made by
 * appending to it (`added`), and the same of the index it extended in turn (`earlier`). Nodes
 * keep their numbers across appends, so a list numbered by an earlier index is numbered here by
 * its numbers and the nodes added since.
 */
interface NumberedLists {
  readonly lists: WeakMap<readonly string[], Int32Array>;
  readonly added: ReadonlyMap<string, number>;
  readonly earlier: NumberedLists | undefined;
}

/**
 * An in-memory topology index of one edge table at one version: nodes numbered densely, with a
 * CSR (out-edges) and a CSC (in-edges) adjacency in typed arrays. Immutable once built, so it is
 * cached by the exact table version and shared by every query reading it.
 */
export class CsrIndex {
  readonly #nodeIds: readonly string[];
  readonly #indexOf: PositionIndex;
  readonly #edgeIds: () => Promise<readonly string[]>;
  #loadedEdgeIds: Promise<readonly string[]> | undefined;
  readonly #edgeCount: number;
  /**
   * Each direction's adjacency in parts: the base, then (for an index made by {@link appended})
   * the edges appended since the base was built. A node's entries are those of every part, in
   * order: its base edges, then its appended ones in edge order, as one built adjacency has them.
   */
  readonly #out: readonly Adjacency[];
  readonly #in: readonly Adjacency[];
  /** The endpoints (node numbers) of the edges in the appended parts, in edge order. */
  readonly #appendedEdges: NumberedEndpoints | undefined;
  /** The adjacencies a hop along each direction follows. */
  readonly #sides: Readonly<Record<HopDirection, readonly Adjacency[]>>;
  /** The same as walks read them, arrays made (see {@link #walkSide}). */
  #walkSides: Readonly<Record<HopDirection, readonly WalkPart[]>> | undefined;
  /** BFS marks: `#marks[n] === #stamp` means visited in the current search. */
  readonly #marks: Int32Array;
  #stamp = 0;
  /** Node numbers of id lists (-1: no edge), by list identity: long-lived lists map once. */
  readonly #nodeLists = new WeakMap<readonly string[], Int32Array>();
  /**
   * For an index made by {@link appended} or {@link removed}: the node numbers of lists the
   * indexes it was made from had numbered (see {@link #extendedNodes}).
   */
  #previous: NumberedLists | undefined;
  /** For an index made by {@link removed}: what it carries one-hop answers over from. */
  #removal: RemovalCarry | undefined;
  /** Answers of {@link reachRows}, by the identity of its lists and the bounds. */
  readonly #rowReaches = new WeakMap<
    readonly string[],
    WeakMap<readonly string[], Map<string, RowReach>>
  >();
  /**
   * Values derived from the answers of {@link reachRows} this index has given more than once, by
   * answer and by the key they were derived with (see {@link reachDerived}).
   */
  readonly #reachDerivations = new WeakMap<RowReach, WeakMap<object, object>>();
  /** One-hop reach counts of the ids of lists, by list identity and direction. */
  readonly #listDegreeCache = new WeakMap<readonly string[], Map<HopDirection, Int32Array>>();
  /** Positions of the ids of lists that have no one-hop neighbour, by list identity and direction. */
  readonly #listUnreachedCache = new WeakMap<readonly string[], Map<HopDirection, number[]>>();
  /** Rows of the nodes in id lists (-1: not in the list), by list identity (see {@link #rowsOf}). */
  readonly #rowLists = new WeakMap<readonly string[], Int32Array>();
  /**
   * The row of each node of a few targets' list while a walk into them runs (-1 elsewhere), made
   * on first use and reset after each walk (see {@link #walkRowsIntoFew}).
   */
  #fewTargetRows: Int32Array | undefined;
  /** Distinct one-hop neighbours of every node, per direction, computed on first use. */
  readonly #degrees = new Map<HopDirection, Int32Array>();
  /**
   * The slot of each node in a slot space (-1: not asked yet), by space: a space never renumbers
   * an id, so a query walking this index batch by batch translates each node once.
   */
  readonly #slotsIn = new WeakMap<SlotSpace, NodeSlotMap>();
  /** Estimated bytes of the node ids (kept: an appended index adds its new ids' to them). */
  readonly #nodeIdBytes: number;
  /** Estimated bytes of the node ids, their index and the BFS marks. */
  readonly #fixedBytes: number;
  /** Estimated bytes kept since the build: edge ids, degrees, and what is kept per id list. */
  #keptBytes = 0;
  /**
   * Forgets the bytes of what was kept per id list once it is collected: a query's own list
   * (rows read from Lance) dies with the query, and what was derived from it with the list (the
   * caches are weak), so it must not make the index look ever larger to the cache budget.
   */
  readonly #listsCollected = new FinalizationRegistry<number>((bytes) => {
    this.#keptBytes -= bytes;
  });

  private constructor(
    nodeIds: readonly string[],
    indexOf: PositionIndex,
    edgeIds: () => Promise<readonly string[]>,
    out: readonly Adjacency[],
    incoming: readonly Adjacency[],
    appended?: {
      /** The endpoints of the edges in the appended parts (none when they were merged). */
      readonly edges: NumberedEndpoints | undefined;
      /** Estimated bytes of `nodeIds`, from those of the ids they extend. */
      readonly nodeIdBytes: number;
    },
  ) {
    this.#nodeIds = nodeIds;
    this.#indexOf = indexOf;
    this.#edgeIds = edgeIds;
    this.#edgeCount = out.reduce((sum, part) => sum + part.length, 0);
    this.#out = out;
    this.#in = incoming;
    this.#appendedEdges = appended?.edges;
    this.#nodeIdBytes = appended?.nodeIdBytes ?? stringsBytes(nodeIds);
    this.#sides = { out, in: incoming, both: [...out, ...incoming] };
    this.#marks = new Int32Array(nodeIds.length);
    this.#fixedBytes =
      this.#nodeIdBytes + nodeIds.length * MAP_ENTRY_BYTES + this.#marks.byteLength;
  }

  /** Counts `bytes` of `kept` (held only by a cache keyed by id lists) until it is collected. */
  #keep(kept: object, bytes: number): void {
    this.#keptBytes += bytes;
    this.#listsCollected.register(kept, bytes);
  }

  /**
   * Estimated bytes this index holds now: it grows as traversals derive data from it, and as
   * adjacencies made by a removal make their own arrays. A base shared with the index this one
   * extends counts here too; the topology cache counts it once among them (see `shared`).
   */
  get bytes(): number {
    const adjacencies = [...this.#out, ...this.#in].reduce((sum, part) => sum + part.byteLength, 0);
    return this.#fixedBytes + adjacencies + this.#keptBytes;
  }

  /**
   * The base adjacency, shared by the indexes made by appending to this one (and to them): an
   * identity to account its bytes ({@link sharedBytes}) once among them.
   */
  get shared(): object {
    return this.#out[0] ?? this;
  }

  /** Estimated bytes of the base adjacency ({@link shared}), counted in {@link bytes}. */
  get sharedBytes(): number {
    const [out, incoming] = [this.#out[0], this.#in[0]];
    return out === undefined || incoming === undefined ? 0 : out.byteLength + incoming.byteLength;
  }

  /** Builds the index of an edge list. */
  static build(edges: EdgeList): CsrIndex {
    const indexOf = new Map<string, number>();
    const nodeIds: string[] = [];
    const number = (id: string): number => {
      let index = indexOf.get(id);
      if (index === undefined) {
        index = nodeIds.length;
        nodeIds.push(id);
        indexOf.set(id, index);
      }
      return index;
    };
    const count = edges.src.length;
    const src = new Int32Array(count);
    const dst = new Int32Array(count);
    for (let edge = 0; edge < count; edge += 1) {
      src[edge] = number(edges.src[edge] ?? '');
      dst[edge] = number(edges.dst[edge] ?? '');
    }
    return CsrIndex.#of({ nodeIds, src, dst, ids: edges.ids }, indexOf);
  }

  /** The index of a topology numbered already (see `edge-endpoints.ts`). */
  static numbered(edges: NumberedEdges): CsrIndex {
    return CsrIndex.#of(edges, keyPositions(edges.nodeIds));
  }

  static #of(edges: NumberedEdges, indexOf: PositionIndex): CsrIndex {
    const nodes = edges.nodeIds.length;
    return new CsrIndex(
      edges.nodeIds,
      indexOf,
      edges.ids,
      [adjacency(nodes, edges.src, edges.dst)],
      [adjacency(nodes, edges.dst, edges.src)],
    );
  }

  /**
   * The index of a table version that only appended `edges` to this one's: the same as a build
   * from a scan of that version (its edges come after this one's, new nodes are numbered in order
   * of appearance, the source first). Nothing is read from the table, no id but the new edges' is
   * hashed, and this index is left as it was. The base adjacency is shared: the edges appended
   * since it was built make a part of their own, rebuilt at each append (a cost in the appended
   * edges and the nodes), until they outgrow `keptEdges` (by default {@link MIN_APPENDED_KEPT}
   * or a sixteenth of the base's edges) and are merged into a new base (a copy of it).
   */
  appended(edges: EdgeList, keptEdges?: number): CsrIndex {
    const added = new Map<string, number>();
    const number = (id: string): number => {
      let node = this.#indexOf.get(id) ?? added.get(id);
      if (node === undefined) {
        node = this.#nodeIds.length + added.size;
        added.set(id, node);
      }
      return node;
    };
    const src = new Int32Array(edges.src.length);
    const dst = new Int32Array(edges.src.length);
    for (let at = 0; at < src.length; at += 1) {
      src[at] = number(edges.src[at] ?? '');
      dst[at] = number(edges.dst[at] ?? '');
    }
    // One copy of the node ids, of the right length (pushing onto a copy copies it again).
    const addedIds = [...added.keys()];
    const nodeIds = joinedLists(this.#nodeIds, addedIds);
    const nodeIdBytes = this.#nodeIdBytes + stringsBytes(addedIds) - stringsBytes([]);
    const nodes = nodeIds.length;
    const [baseOut, baseIn] = [this.#out[0], this.#in[0]];
    if (baseOut === undefined || baseIn === undefined)
      throw new OmniError('internal', 'a topology index without a base adjacency');
    const since = joinedEndpoints(this.#appendedEdges, { src, dst });
    const first = baseOut.length;
    const keep = since.src.length <= (keptEdges ?? Math.max(MIN_APPENDED_KEPT, first / 16));
    const indexOf = extendedIndex(this.#indexOf, added, nodeIds);
    const extended = keep
      ? new CsrIndex(
          nodeIds,
          indexOf,
          edges.ids,
          [baseOut, fewEdgesAdjacency(nodes, since.src, since.dst, first)],
          [baseIn, fewEdgesAdjacency(nodes, since.dst, since.src, first)],
          { edges: since, nodeIdBytes },
        )
      : new CsrIndex(
          nodeIds,
          indexOf,
          edges.ids,
          [extendedAdjacency(baseOut, nodes, since.src, since.dst, first)],
          [extendedAdjacency(baseIn, nodes, since.dst, since.src, first)],
          { edges: undefined, nodeIdBytes },
        );
    extended.#previous = numberedChain(this.#nodeLists, added, this.#previous);
    this.#passDegrees(extended, src, dst);
    return extended;
  }

  /**
   * The index of a table version that removed the edges `edges` (by their endpoints) from this
   * one's, or undefined when which edges went is not certain: an endpoint this index lacks, or
   * an (src, dst) pair removed other than as many times as this index holds it (of parallel
   * edges, only all can be told from their endpoints). The same as a build from a scan of that
   * version, whose edges are this one's in their order without those: nodes keep their numbers
   * (one that lost every edge keeps its number, with no entry), and each adjacency is copied
   * without the removed edges' entries, the others' edge numbers lowered past them. Nothing is
   * read from the table and this index is left as it was.
   */
  removed(edges: EdgeList): CsrIndex | undefined {
    const between = this.#edgesBetween(edges);
    if (between === undefined) return undefined;
    const gone = new RemovedPositions(between.edges, this.#edgeCount);
    const without = (parts: readonly Adjacency[], ends: Int32Array) =>
      parts.map((part) => withoutEdges(part, gone, ends));
    const appended = this.#appendedEdges;
    const shrunk = new CsrIndex(
      this.#nodeIds,
      this.#indexOf,
      edges.ids,
      without(this.#out, between.src),
      without(this.#in, between.dst),
      {
        edges: appended && withoutAppended(appended, gone, this.#out[0]?.length ?? 0),
        nodeIdBytes: this.#nodeIdBytes,
      },
    );
    // Nodes keep their numbers, so the lists this index numbered are numbered there too.
    shrunk.#previous = numberedChain(this.#nodeLists, new Map(), this.#previous);
    shrunk.#removal = {
      reaches: this.#rowReaches,
      rowLists: this.#rowLists,
      src: between.src,
      dst: between.dst,
    };
    this.#passDegrees(shrunk, between.src, between.dst);
    return shrunk;
  }

  /**
   * The edges whose endpoints are those of `ends`, each pair as many times as it is listed: their
   * numbers (sorted) and their ends as node numbers. Undefined when an endpoint is unknown or a
   * pair's count differs.
   */
  #edgesBetween(
    ends: EdgeList,
  ):
    { readonly edges: Int32Array; readonly src: Int32Array; readonly dst: Int32Array } | undefined {
    const wanted = new Map<string, number>();
    for (let at = 0; at < ends.src.length; at += 1) {
      const from = this.#indexOf.get(ends.src[at] ?? '');
      const to = this.#indexOf.get(ends.dst[at] ?? '');
      if (from === undefined || to === undefined) return undefined;
      const pair = `${from}>${to}`;
      wanted.set(pair, (wanted.get(pair) ?? 0) + 1);
    }
    const edges: number[] = [];
    const src: number[] = [];
    const dst: number[] = [];
    for (const [pair, count] of wanted) {
      const [from, to] = pair.split('>').map(Number) as [number, number];
      let found = 0;
      for (const part of this.#out) {
        const [start, end] = part.entriesOf(from);
        for (let entry = start; entry < end; entry += 1) {
          if (part.targetAt(entry) !== to) continue;
          edges.push(part.edges.at(entry));
          found += 1;
        }
      }
      if (found !== count) return undefined;
      src.push(from);
      dst.push(to);
    }
    return {
      edges: Int32Array.from(edges).sort(),
      src: Int32Array.from(src),
      dst: Int32Array.from(dst),
    };
  }

  /**
   * Gives `next`, an index made from this one by edges from `src[i]` to `dst[i]` appended or
   * removed, the one-hop reach counts this one has, recounted at the nodes those edges leave
   * from in each direction.
   */
  #passDegrees(next: CsrIndex, src: Int32Array, dst: Int32Array): void {
    for (const [direction, degrees] of this.#degrees)
      next.#carryDegrees(
        direction,
        degrees,
        direction === 'in' ? [dst] : direction === 'out' ? [src] : [src, dst],
      );
  }

  /**
   * Takes the one-hop reach counts of the index this one was made from, recounting only the nodes
   * whose reach the appended or removed edges changed (`touched`: their ends on the side they
   * leave from).
   */
  #carryDegrees(
    direction: HopDirection,
    previous: Int32Array,
    touched: readonly Int32Array[],
  ): void {
    const degrees = new Int32Array(this.#nodeIds.length);
    degrees.set(previous);
    for (const nodes of touched)
      for (const node of nodes) degrees[node] = this.#neighborCount(node, direction);
    this.#degrees.set(direction, degrees);
    this.#keptBytes += degrees.byteLength;
  }

  /**
   * The distinct neighbours of `node` along `direction`, counted through each adjacency's entries
   * of the node: an adjacency made by a removal makes no array for it (see `Adjacency`).
   */
  #neighborCount(node: number, direction: HopDirection): number {
    const stamp = this.#nextStamp();
    const marks = this.#marks;
    let count = 0;
    for (const part of this.#sides[direction]) {
      const [start, end] = part.entriesOf(node);
      for (let entry = start; entry < end; entry += 1) {
        const neighbor = part.targetAt(entry);
        if (marks[neighbor] === stamp) continue;
        marks[neighbor] = stamp;
        count += 1;
      }
    }
    return count;
  }

  /** The source and destination ids of every edge, in edge order. */
  endpoints(): { src: string[]; dst: string[] } {
    const src = new Array<string>(this.#edgeCount);
    const dst = new Array<string>(this.#edgeCount);
    for (const { offsets, targets, edges: entryEdges } of this.#out) {
      const edges = entryEdges.all();
      for (let node = 0; node + 1 < offsets.length; node += 1) {
        const end = offsets[node + 1] ?? 0;
        for (let at = offsets[node] ?? 0; at < end; at += 1) {
          const edge = edges[at] ?? 0;
          src[edge] = this.#nodeId(node);
          dst[edge] = this.#nodeId(targets[at] ?? 0);
        }
      }
    }
    return { src, dst };
  }

  /**
   * The other end of each edge `source` has along `side`, repeated for parallel edges, in the
   * order a walk finds them: read through the adjacencies, without making their arrays.
   */
  edgeEnds(source: string, side: 'out' | 'in'): string[] {
    const node = this.#indexOf.get(source);
    if (node === undefined) return [];
    const ends: string[] = [];
    for (const part of side === 'out' ? this.#out : this.#in) {
      const [start, end] = part.entriesOf(node);
      for (let entry = start; entry < end; entry += 1)
        ends.push(this.#nodeId(part.targetAt(entry)));
    }
    return ends;
  }

  /** Nodes numbered: those with an edge, and (after {@link removed}) some that lost theirs. */
  get nodeCount(): number {
    return this.#nodeIds.length;
  }

  /** Edges indexed. */
  get edgeCount(): number {
    return this.#edgeCount;
  }

  /** The distinct nodes `source` reaches within the bounds (semantics of `hop-spec.ts`). */
  reach(source: string, spec: HopSpec): string[] {
    const start = this.#indexOf.get(source);
    if (start === undefined) return [];
    return this.#reachFrom(start, spec).map((node) => this.#nodeId(node));
  }

  /**
   * How many distinct nodes each source reaches within the bounds (no reached id is translated).
   * The sources' node numbers, and their one-hop counts, are cached by list identity, so a list
   * that outlives the query (a cached table image's ids) costs nothing after its first query.
   */
  reachCounts(sources: readonly string[], spec: HopSpec): ReachCounts {
    if (isSingleHop(spec)) return this.#listDegrees(sources, spec.direction);
    const nodes = this.#nodesOf(sources);
    const counts = new Int32Array(nodes.length);
    for (let index = 0; index < nodes.length; index += 1) {
      const node = nodes[index] ?? -1;
      if (node >= 0) counts[index] = this.#reachFrom(node, spec).length;
    }
    return counts;
  }

  /**
   * The positions of the sources that reach nothing within the bounds. One hop's are cached by
   * list identity beside the counts they come from: an anti-join of a whole table on an edge
   * then picks its rows without testing a million counts again.
   */
  unreached(sources: readonly string[], spec: HopSpec): readonly number[] {
    if (!isSingleHop(spec)) return unreachedPositions(this.reachCounts(sources, spec));
    return this.#listDerived(
      this.#listUnreachedCache,
      sources,
      spec.direction,
      () => unreachedPositions(this.#listDegrees(sources, spec.direction)),
      (unreached) => unreached.length * 8,
    );
  }

  /** The one-hop reach count of each id of a list along `direction`, cached by list identity. */
  #listDegrees(ids: readonly string[], direction: HopDirection): Int32Array {
    return this.#listDerived(
      this.#listDegreeCache,
      ids,
      direction,
      () => this.#extendedDegrees(ids, direction) ?? this.#degreesOf(ids, direction),
      (counts) => counts.byteLength,
    );
  }

  /**
   * What `cache` holds for an id list and a direction, made by `make` on first use and kept
   * (counted at `bytes`) while the list lives.
   */
  #listDerived<T extends object>(
    cache: WeakMap<readonly string[], Map<HopDirection, T>>,
    ids: readonly string[],
    direction: HopDirection,
    make: () => T,
    bytes: (value: T) => number,
  ): T {
    let byDirection = cache.get(ids);
    if (byDirection === undefined) cache.set(ids, (byDirection = new Map<HopDirection, T>()));
    let value = byDirection.get(direction);
    if (value === undefined) {
      value = make();
      byDirection.set(direction, value);
      this.#keep(value, bytes(value));
    }
    return value;
  }

  /** The one-hop reach count of each id of a list along `direction`. */
  #degreesOf(ids: readonly string[], direction: HopDirection): Int32Array {
    const nodes = this.#nodesOf(ids);
    const degrees = this.#distinctDegrees(direction);
    const counts = new Int32Array(nodes.length);
    for (let index = 0; index < nodes.length; index += 1) {
      const node = nodes[index] ?? -1;
      if (node >= 0) counts[index] = degrees[node] ?? 0;
    }
    return counts;
  }

  /**
   * {@link #listDegrees} of a list extending one this index counted already (a node table
   * written since, this edge table not): the counts are copied and only the new ids counted.
   */
  #extendedDegrees(ids: readonly string[], direction: HopDirection): Int32Array | undefined {
    const found = nearestExtended(ids, MAX_LINEAGE_DEPTH, (base) =>
      this.#listDegreeCache.get(base)?.get(direction),
    );
    if (found === undefined) return undefined;
    const { base, value: counted } = found;
    const degrees = this.#distinctDegrees(direction);
    const counts = new Int32Array(ids.length);
    counts.set(counted);
    for (let index = base.length; index < ids.length; index += 1) {
      const node = this.#indexOf.get(ids[index] ?? '');
      if (node !== undefined) counts[index] = degrees[node] ?? 0;
    }
    return counts;
  }

  /**
   * {@link reach} by position: for each source, the positions in `targets` of the nodes it
   * reaches. Both lists' node numbers, and the answer, are cached by list identity, so cached
   * table images are walked once per index and no reached node is translated to its id. More
   * than `maxRows` positions in all is a `resource_limit` error, raised as soon as they are found.
   */
  reachRows(
    sources: readonly string[],
    spec: HopSpec,
    targets: readonly string[],
    maxRows = Number.POSITIVE_INFINITY,
  ): RowReach {
    let byTargets = this.#rowReaches.get(sources);
    if (byTargets === undefined)
      this.#rowReaches.set(
        sources,
        (byTargets = new WeakMap<readonly string[], Map<string, RowReach>>()),
      );
    let bySpec = byTargets.get(targets);
    if (bySpec === undefined) byTargets.set(targets, (bySpec = new Map<string, RowReach>()));
    const key = `${spec.direction} ${spec.minHops} ${spec.maxHops}`;
    const cached = bySpec.get(key) ?? this.#reachIntoExtended(sources, key, targets);
    if (cached !== undefined) {
      bySpec.set(key, cached);
      checkQueryRows(cached.rows.length, maxRows);
      if (!this.#reachDerivations.has(cached)) this.#reachDerivations.set(cached, new WeakMap());
      return cached;
    }
    const reach =
      this.#reachOverRemoval(sources, spec, key, targets, maxRows) ??
      this.#walkRows(sources, spec, targets, maxRows);
    bySpec.set(key, reach);
    this.#keep(reach, reach.offsets.byteLength + reach.rows.byteLength);
    return reach;
  }

  /**
   * A value derived from `reach`, an answer of {@link reachRows}, and `key` (an object such as a
   * cached column, which the value is only valid with): made by `make` on first use and kept,
   * counted at `bytes`, while both live. Undefined for an answer this index has not given twice
   * (lists read for one query, such as a filtered side's, are walked anew by the next): a value
   * kept for it would serve no other query.
   */
  reachDerived<T extends object>(
    reach: RowReach,
    key: object,
    make: () => T,
    bytes: (value: T) => number,
  ): T | undefined {
    const byKey = this.#reachDerivations.get(reach);
    if (byKey === undefined) return undefined;
    let value = byKey.get(key) as T | undefined;
    if (value === undefined) {
      value = make();
      byKey.set(key, value);
      this.#keep(value, bytes(value));
    }
    return value;
  }

  /**
   * The answer of {@link reachRows} into `targets` when it extends a list this index answered for
   * already with ids that have no edge here (a node table written since, this edge table not):
   * nothing reaches them, so the answer is the same positions.
   */
  #reachIntoExtended(
    sources: readonly string[],
    key: string,
    targets: readonly string[],
  ): RowReach | undefined {
    const byTargets = this.#rowReaches.get(sources);
    const found = nearestExtended(targets, MAX_LINEAGE_DEPTH, (base) =>
      byTargets?.get(base)?.get(key),
    );
    if (found === undefined) return undefined;
    const { base, value: answered } = found;
    for (let index = base.length; index < targets.length; index += 1)
      if (this.#indexOf.get(targets[index] ?? '') !== undefined) return undefined;
    return answered;
  }

  /**
   * The answer of {@link reachRows} for one hop along `out` or `in`, for an index made by
   * {@link removed}, from the answer the index it was made from gave for the same sources and
   * the targets before the removal (the same list, or a list these targets were recorded to be
   * without some rows of): each source's rows without the neighbours whose edges went (all of
   * a pair's went, so they are neighbours no more) and without removed rows, the others lowered
   * past those. Entries keep their order, so the rows do. Undefined when there is no such answer.
   * At 1M persons, walking every company again after a one-person delete took 45–122 ms.
   */
  #reachOverRemoval(
    sources: readonly string[],
    spec: HopSpec,
    key: string,
    targets: readonly string[],
    maxRows: number,
  ): RowReach | undefined {
    const carry = this.#removal;
    if (carry === undefined || !isSingleHop(spec) || spec.direction === 'both') return undefined;
    const answeredFor = (list: readonly string[]) =>
      carry.reaches.get(sources)?.get(list)?.get(key);
    // The targets, or a list they were recorded to be without some rows of, up to
    // MAX_LINEAGE_DEPTH removals back (deletes with no walk between).
    const same = answeredFor(targets);
    const found = same
      ? { base: targets, value: same, removals: [] }
      : nearestShrunk(targets, MAX_LINEAGE_DEPTH, answeredFor);
    if (found === undefined) return undefined;
    const { base, value: answered, removals } = found;
    const rowOf = this.#rowFinder(carry, base);
    if (rowOf === undefined) return undefined;
    const [from, to] = spec.direction === 'out' ? [carry.src, carry.dst] : [carry.dst, carry.src];
    const lost = new Map<number, Set<number>>();
    for (let pair = 0; pair < from.length; pair += 1) {
      const row = rowOf(to[pair] ?? 0);
      if (row < 0) continue;
      const node = from[pair] ?? 0;
      const rows = lost.get(node) ?? new Set<number>();
      lost.set(node, rows.add(row));
    }
    const nodes = this.#nodesOf(sources);
    const offsets = new Int32Array(answered.offsets.length);
    const rows = new Int32Array(answered.rows.length);
    let count = 0;
    for (let index = 0; index + 1 < offsets.length; index += 1) {
      const lostRows = lost.get(nodes[index] ?? -1);
      const end = answered.offsets[index + 1] ?? 0;
      for (let at = answered.offsets[index] ?? 0; at < end; at += 1) {
        const row = answered.rows[at] ?? 0;
        if (lostRows?.has(row) === true) continue;
        const kept = rowAfter(row, removals);
        if (kept >= 0) rows[count++] = kept;
      }
      offsets[index + 1] = count;
    }
    checkQueryRows(count, maxRows);
    return { offsets, rows: rows.slice(0, count) };
  }

  /**
   * The row of a node in `targets` (-1: none), as the index `carry` comes from placed it: from
   * that index's rows of the list when it walked into it, else from the list's own position
   * index (a cached image's ids: an answer carried over a removal walked into nothing).
   */
  #rowFinder(
    carry: RemovalCarry,
    targets: readonly string[],
  ): ((node: number) => number) | undefined {
    const rows = carry.rowLists.get(targets);
    if (rows !== undefined) return (node) => rows[node] ?? -1;
    const positions = positionIndexOf(targets);
    return positions && ((node) => positions.get(this.#nodeId(node)) ?? -1);
  }

  #walkRows(
    sources: readonly string[],
    spec: HopSpec,
    targets: readonly string[],
    maxRows: number,
  ): RowReach {
    const few = isSingleHop(spec)
      ? this.#walkRowsIntoFew(sources, spec.direction, targets, maxRows)
      : undefined;
    if (few !== undefined) return few;
    const rowOfNode = this.#rowsOf(targets);
    const nodes = this.#nodesOf(sources);
    const offsets = new Int32Array(nodes.length + 1);
    // Reached rows go straight into a typed array grown by doubling: no copy of a million boxed
    // numbers at the end.
    let rows: Int32Array<ArrayBuffer> = new Int32Array(
      Math.max(16, Math.min(this.#edgeCount, nodes.length * 4)),
    );
    let count = 0;
    const singleHop = isSingleHop(spec);
    for (let index = 0; index < nodes.length; index += 1) {
      const node = nodes[index] ?? -1;
      if (node >= 0 && singleHop) {
        const most = this.#entriesOf(node, spec.direction);
        if (count + most > rows.length) rows = grown(rows, count + most);
        count = this.#neighborRowsInto(node, spec.direction, rowOfNode, rows, count);
        checkQueryRows(count, maxRows);
      } else if (node >= 0) {
        const found = this.#reachFrom(node, spec);
        if (count + found.length > rows.length) rows = grown(rows, count + found.length);
        for (const reached of found) {
          const row = rowOfNode[reached] ?? -1;
          if (row >= 0) rows[count++] = row;
        }
        checkQueryRows(count, maxRows);
      }
      offsets[index + 1] = count;
    }
    return { offsets, rows: rows.slice(0, count) };
  }

  /**
   * A one-hop {@link #walkRows} into targets with far fewer edges than there are sources (a
   * side pinned by its key: one person's company among 100k companies): the edges back from the
   * targets mark the sources that reach any, and only those are walked, as {@link #walkRows}
   * walks them, so the answer is the same, rows and order. Walking every source took 24 ms at
   * the 1M tier to find one pair. Undefined when the targets have too many edges back for that.
   */
  #walkRowsIntoFew(
    sources: readonly string[],
    direction: HopDirection,
    targets: readonly string[],
    maxRows: number,
  ): RowReach | undefined {
    if (targets.length * FEW_TARGETS_SHARE > sources.length) return undefined;
    const back = BACK[direction];
    const targetNodes = targets.map((id) => this.#indexOf.get(id) ?? -1);
    const backEntries = targetNodes.reduce(
      (sum, node) => sum + (node < 0 ? 0 : this.#entriesOf(node, back)),
      0,
    );
    if (backEntries * FEW_TARGETS_SHARE > sources.length) return undefined;
    const nodes = this.#nodesOf(sources);
    const reaching = this.#positionsReaching(nodes, targetNodes, back);
    const rowOfNode = this.#fewTargetRowsOf(targetNodes);
    try {
      const offsets = new Int32Array(nodes.length + 1);
      let rows: Int32Array<ArrayBuffer> = new Int32Array(Math.max(16, backEntries));
      let count = 0;
      let done = 0;
      for (const position of reaching) {
        offsets.fill(count, done + 1, position + 1);
        const node = nodes[position] ?? 0;
        const most = this.#entriesOf(node, direction);
        if (count + most > rows.length) rows = grown(rows, count + most);
        count = this.#neighborRowsInto(node, direction, rowOfNode, rows, count);
        checkQueryRows(count, maxRows);
        offsets[position + 1] = count;
        done = position + 1;
      }
      offsets.fill(count, done + 1);
      return { offsets, rows: rows.slice(0, count) };
    } finally {
      for (const node of targetNodes) if (node >= 0) rowOfNode[node] = -1;
    }
  }

  /** The positions of `nodes` with an edge to one of `targets` (found along `back` from them). */
  #positionsReaching(nodes: Int32Array, targets: readonly number[], back: HopDirection): number[] {
    const stamp = this.#nextStamp();
    const marks = this.#marks;
    for (const target of targets) {
      if (target < 0) continue;
      for (const { offsets, targets: neighbors } of this.#walkSide(back)) {
        const end = offsets[target + 1] ?? 0;
        for (let entry = offsets[target] ?? 0; entry < end; entry += 1)
          marks[neighbors[entry] ?? 0] = stamp;
      }
    }
    const reaching: number[] = [];
    for (let position = 0; position < nodes.length; position += 1) {
      const node = nodes[position] ?? -1;
      if (node >= 0 && marks[node] === stamp) reaching.push(position);
    }
    return reaching;
  }

  /**
   * {@link #fewTargetRows} holding the row of each of `targets` (the last of a repeated node, as
   * {@link #rowsOf} has it); the caller resets them.
   */
  #fewTargetRowsOf(targets: readonly number[]): Int32Array {
    let rows = this.#fewTargetRows;
    if (rows === undefined) {
      rows = this.#fewTargetRows = new Int32Array(this.#nodeIds.length).fill(-1);
      this.#keptBytes += rows.byteLength;
    }
    targets.forEach((node, row) => {
      if (node >= 0) rows[node] = row;
    });
    return rows;
  }

  /**
   * How many entries `node` has along `direction`: at most that many neighbours. A part built
   * before the node was numbered (a base before an append) has no offsets for it: none there.
   */
  #entriesOf(node: number, direction: HopDirection): number {
    let entries = 0;
    for (const { offsets } of this.#walkSide(direction))
      if (node + 1 < offsets.length) entries += (offsets[node + 1] ?? 0) - (offsets[node] ?? 0);
    return entries;
  }

  /**
   * Writes into `rows` from `count` on the rows (in `rowOfNode`; none for -1) of the distinct
   * neighbours of `node` along `direction`, in the order {@link #reachFrom} finds them; returns
   * the new count. A walk of every node of a table: no array per node. The marking is that of
   * {@link #unmarkedNeighbors}, written out: through a reused list of neighbours, the walk of
   * 100k companies' 950k employees took a third longer (215–222 ms against 162–168).
   */
  #neighborRowsInto(
    node: number,
    direction: HopDirection,
    rowOfNode: Int32Array,
    rows: Int32Array,
    count: number,
  ): number {
    const stamp = this.#nextStamp();
    const marks = this.#marks;
    let written = count;
    for (const { offsets, targets } of this.#walkSide(direction)) {
      const end = offsets[node + 1] ?? 0;
      for (let entry = offsets[node] ?? 0; entry < end; entry += 1) {
        const neighbor = targets[entry] ?? 0;
        if (marks[neighbor] === stamp) continue;
        marks[neighbor] = stamp;
        const row = rowOfNode[neighbor] ?? -1;
        if (row >= 0) rows[written++] = row;
      }
    }
    return written;
  }

  /**
   * The row of each node in `ids` (-1 for a node not there), cached by list identity like
   * {@link #nodesOf}: an array over every node per query would be megabytes of garbage at the
   * 1M tier, and V8 answers such churn with full collections.
   */
  #rowsOf(ids: readonly string[]): Int32Array {
    let rows = this.#rowLists.get(ids);
    if (rows === undefined) {
      rows = new Int32Array(this.#nodeIds.length).fill(-1);
      const nodes = this.#nodesOf(ids);
      for (let row = 0; row < nodes.length; row += 1) {
        const node = nodes[row] ?? -1;
        if (node >= 0) rows[node] = row;
      }
      this.#rowLists.set(ids, rows);
      this.#keep(rows, rows.byteLength);
    }
    return rows;
  }

  /** The node number of each id (-1 for a node without edges), cached by list identity. */
  #nodesOf(ids: readonly string[]): Int32Array {
    let nodes = this.#nodeLists.get(ids);
    if (nodes === undefined) {
      nodes = this.#extendedNodes(ids);
      if (nodes === undefined) {
        nodes = new Int32Array(ids.length);
        for (let index = 0; index < ids.length; index += 1)
          nodes[index] = this.#indexOf.get(ids[index] ?? '') ?? -1;
      }
      this.#nodeLists.set(ids, nodes);
      this.#keep(nodes, nodes.byteLength);
    }
    return nodes;
  }

  /**
   * {@link #nodesOf} of a list that one of the indexes this one was made from (by appends and
   * removals) had numbered, or of a list extending one (`list-lineage.ts`): nodes keep their
   * numbers across appends and removals, so the numbers are copied, those of the nodes new since
   * are set where their ids are, and only the list's own new ids are looked up. A million ids cost
   * a copy and a probe of a small map each, not a lookup in the index. Undefined for any other
   * list.
   */
  #extendedNodes(ids: readonly string[]): Int32Array | undefined {
    const numberedEarlier = (base: readonly string[]) => {
      const newSince: ReadonlyMap<string, number>[] = [];
      let numbered = this.#nodeLists.get(base);
      for (let link = this.#previous; numbered === undefined && link !== undefined;) {
        newSince.push(link.added);
        numbered = link.lists.get(base);
        link = link.earlier;
      }
      return numbered && { numbered, newSince };
    };
    // The list itself first: a node table the write left alone keeps its list.
    const same = numberedEarlier(ids);
    const found = same ? { value: same } : nearestExtended(ids, MAX_LINEAGE_DEPTH, numberedEarlier);
    if (found !== undefined)
      return this.#renumbered(ids, found.value.numbered, found.value.newSince);
    // A list without some of another's ids (rows removed), up to MAX_LINEAGE_DEPTH removals
    // back: the numbers of the list numbered, without those of each removal since.
    const shrunk = nearestShrunk(ids, MAX_LINEAGE_DEPTH, numberedEarlier);
    if (shrunk === undefined) return undefined;
    const { value: before, removals } = shrunk;
    const numbers = removals.reduce((kept, gone) => gone.keptNumbers(kept), before.numbered);
    return this.#renumbered(ids, numbers, before.newSince);
  }

  /**
   * The node numbers of `ids`, whose first `numbered.length` ids were numbered `numbered` by an
   * index before the nodes `newSince` were added.
   */
  #renumbered(
    ids: readonly string[],
    numbered: Int32Array,
    newSince: readonly ReadonlyMap<string, number>[],
  ): Int32Array {
    const { length } = numbered;
    const nodes = new Int32Array(ids.length);
    nodes.set(numbered);
    const added = newSince.length === 1 ? newSince[0] : new Map(newSince.flatMap((m) => [...m]));
    const positions = positionIndexOf(ids);
    if (added !== undefined && positions !== undefined) {
      // A cached image's ids: only the nodes new since are placed, found by the image's index.
      for (const [id, node] of added) {
        const index = positions.get(id);
        if (index !== undefined && index < length) nodes[index] = node;
      }
    } else if (added !== undefined && added.size > 0) {
      for (let index = 0; index < length; index += 1) {
        const node = added.get(ids[index] ?? '');
        if (node !== undefined) nodes[index] = node;
      }
    }
    for (let index = length; index < ids.length; index += 1)
      nodes[index] = this.#indexOf.get(ids[index] ?? '') ?? -1;
    return nodes;
  }

  /** One-hop reach counts of every node along `direction` (parallel edges count once). */
  #distinctDegrees(direction: HopDirection): Int32Array {
    let degrees = this.#degrees.get(direction);
    if (degrees === undefined) {
      degrees = new Int32Array(this.#nodeIds.length);
      for (let node = 0; node < degrees.length; node += 1)
        degrees[node] = this.#reachFrom(node, { direction, minHops: 1, maxHops: 1 }).length;
      this.#degrees.set(direction, degrees);
      this.#keptBytes += degrees.byteLength;
    }
    return degrees;
  }

  /**
   * {@link reach} for many sources given as slots of `from`, answered as slots of `to`. Ids are
   * translated once per node and slot space (not once per edge, nor once per batch of a streamed
   * query), which is what makes large expansions fast. More than `maxRows` reached slots in all is a `resource_limit` error,
   * raised as soon as the source that passes it is walked.
   */
  reachSlots(
    sources: readonly number[],
    from: SlotSpace,
    spec: HopSpec,
    to: SlotSpace,
    maxRows = Number.POSITIVE_INFINITY,
  ): Map<number, number[]> {
    let toSlot = this.#slotsIn.get(to);
    if (toSlot === undefined)
      this.#slotsIn.set(to, (toSlot = new NodeSlotMap(this.#nodeIds.length)));
    toSlot.expect(sources.length);
    const imageIds = from.imageIds?.(sources);
    const nodes = imageIds === undefined ? undefined : this.#nodesOf(imageIds);
    const reached = new Map<number, number[]>();
    let total = 0;
    sources.forEach((source, index) => {
      if (reached.has(source)) return;
      const start = nodes === undefined ? this.#indexOf.get(from.id(source)) : nodes[index];
      if (start === undefined || start < 0) {
        reached.set(source, []);
        return;
      }
      const found = this.#reachFrom(start, spec);
      total += found.length;
      checkQueryRows(total, maxRows);
      const slots = new Array<number>(found.length);
      for (let at = 0; at < found.length; at += 1) {
        const node = found[at] ?? 0;
        let slot = toSlot.get(node);
        if (slot < 0) toSlot.set(node, (slot = to.slot(this.#nodeId(node))));
        slots[at] = slot;
      }
      reached.set(source, slots);
    });
    return reached;
  }

  /**
   * The adjacencies a hop along `direction` follows, as plain arrays: an adjacency made by a
   * removal makes its own on the first walk (see `Adjacency`), and the loops of a walk read the
   * arrays without going through it.
   */
  #walkSide(direction: HopDirection): readonly WalkPart[] {
    let sides = this.#walkSides;
    if (sides === undefined) {
      const arrays = ({ offsets, targets, edges }: Adjacency): WalkPart => ({
        offsets,
        targets,
        edges,
      });
      const [out, incoming] = [this.#out.map(arrays), this.#in.map(arrays)];
      sides = { out, in: incoming, both: [...out, ...incoming] };
      this.#walkSides = sides;
    }
    return sides[direction];
  }

  /** The node numbers `start` reaches within the bounds. */
  #reachFrom(start: number, spec: HopSpec): number[] {
    const stamp = this.#nextStamp();
    const found: number[] = [];
    if (isSingleHop(spec)) {
      this.#unmarkedNeighbors(start, spec.direction, stamp, found);
      return found;
    }
    this.#marks[start] = stamp;
    let frontier = [start];
    for (let depth = 1; depth <= spec.maxHops && frontier.length > 0; depth += 1) {
      const next: number[] = [];
      for (const node of frontier) this.#unmarkedNeighbors(node, spec.direction, stamp, next);
      if (depth >= spec.minHops) for (const node of next) found.push(node);
      frontier = next;
    }
    return found;
  }

  /** Appends to `into` the neighbours of `node` along `direction` not marked yet, marking them. */
  #unmarkedNeighbors(node: number, direction: HopDirection, stamp: number, into: number[]): void {
    const marks = this.#marks;
    for (const adjacency of this.#walkSide(direction)) {
      const { offsets, targets } = adjacency;
      const end = offsets[node + 1] ?? 0;
      for (let entry = offsets[node] ?? 0; entry < end; entry += 1) {
        const neighbor = targets[entry] ?? 0;
        if (marks[neighbor] === stamp) continue;
        marks[neighbor] = stamp;
        into.push(neighbor);
      }
    }
  }

  /** The edges of `source` along `direction` as (edge id, other end), each edge once. */
  async steps(
    source: string,
    direction: HopDirection,
  ): Promise<{ edgeId: string; neighbor: string }[]> {
    const node = this.#indexOf.get(source);
    if (node === undefined) return [];
    const edgeIds = await this.#ids();
    const steps: { edgeId: string; neighbor: string }[] = [];
    const seen = new Set<number>();
    for (const { offsets, targets, edges } of this.#walkSide(direction)) {
      const end = offsets[node + 1] ?? 0;
      for (let entry = offsets[node] ?? 0; entry < end; entry += 1) {
        const edge = edges.at(entry);
        // An undirected self-loop appears in both directions: report it once.
        if (seen.has(edge)) continue;
        seen.add(edge);
        steps.push({ edgeId: edgeIds[edge] ?? '', neighbor: this.#nodeId(targets[entry] ?? 0) });
      }
    }
    return steps;
  }

  #ids(): Promise<readonly string[]> {
    this.#loadedEdgeIds ??= this.#edgeIds().then((ids) => {
      if (ids.length !== this.#edgeCount) {
        throw new OmniError(
          'internal',
          `edge ids (${ids.length}) do not match the topology (${this.#edgeCount})`,
        );
      }
      this.#keptBytes += stringsBytes(ids);
      return ids;
    });
    return this.#loadedEdgeIds;
  }

  #nodeId(node: number): string {
    return this.#nodeIds[node] ?? '';
  }

  #nextStamp(): number {
    if (this.#stamp === 0x7fffffff) {
      this.#marks.fill(0);
      this.#stamp = 0;
    }
    this.#stamp += 1;
    return this.#stamp;
  }
}

/**
 * `old` with new edges `first …` (from `from[i]` to `to[i]`) over `nodes` nodes (new ones
 * numbered after the old): each node's old entries, then its new ones in edge order, as
 * {@link adjacency} would place them. The old entries move in runs between the nodes that gain
 * edges, so the cost is a copy of the arrays, not a sort of the edges.
 */
function extendedAdjacency(
  old: Adjacency,
  nodes: number,
  from: Int32Array,
  to: Int32Array,
  first: number,
): Adjacency {
  const oldNodes = old.offsets.length - 1;
  const oldEnd = (node: number): number =>
    node < oldNodes ? (old.offsets[node + 1] ?? 0) : old.length;
  const gained = new Int32Array(nodes + 1);
  for (let at = 0; at < from.length; at += 1) {
    const node = from[at] ?? 0;
    gained[node + 1] = (gained[node + 1] ?? 0) + 1;
  }
  const offsets = new Int32Array(nodes + 1);
  let before = 0;
  for (let node = 0; node <= nodes; node += 1) {
    before += gained[node] ?? 0;
    offsets[node] = (node === 0 ? 0 : oldEnd(node - 1)) + before;
  }
  const order = edgesByNode(from);
  const targets = new Int32Array(old.length + from.length);
  const edges = new Int32Array(old.length + from.length);
  const oldEdges = old.edges.all();
  let copied = 0;
  let written = 0;
  const copyOldUpTo = (end: number): void => {
    targets.set(old.targets.subarray(copied, end), written);
    edges.set(oldEdges.subarray(copied, end), written);
    written += end - copied;
    copied = end;
  };
  for (const at of order) {
    copyOldUpTo(oldEnd(from[at] ?? 0));
    targets[written] = to[at] ?? 0;
    edges[written] = first + at;
    written += 1;
  }
  copyOldUpTo(old.length);
  return new Adjacency(offsets, targets, new EntryEdges(edges));
}

/**
 * The adjacency of edges `first …` (from `from[i]` to `to[i]`) over `nodes` nodes: a counting sort
 * by `from`, each node's entries in edge order.
 */
function adjacency(nodes: number, from: Int32Array, to: Int32Array, first = 0): Adjacency {
  const offsets = new Int32Array(nodes + 1);
  // Indexed: this runs once, cold, over ten million edges, where a for-of is several times slower.
  for (let edge = 0; edge < from.length; edge += 1) {
    const node = from[edge] ?? 0;
    offsets[node + 1] = (offsets[node + 1] ?? 0) + 1;
  }
  for (let node = 0; node < nodes; node += 1) {
    offsets[node + 1] = (offsets[node + 1] ?? 0) + (offsets[node] ?? 0);
  }
  const cursor = offsets.slice(0, nodes);
  const targets = new Int32Array(from.length);
  const edges = new Int32Array(from.length);
  for (let edge = 0; edge < from.length; edge += 1) {
    const node = from[edge] ?? 0;
    const at = cursor[node] ?? 0;
    cursor[node] = at + 1;
    targets[at] = to[edge] ?? 0;
    edges[at] = first + edge;
  }
  return new Adjacency(offsets, targets, new EntryEdges(edges));
}

/**
 * {@link adjacency} of edges few against the nodes (those appended since a base was built): the
 * edges are sorted by `from`, and the offsets set in runs between the nodes that have some,
 * rather than counted and summed node by node.
 */
function fewEdgesAdjacency(nodes: number, from: Int32Array, to: Int32Array, first: number) {
  if (from.length * 8 > nodes) return adjacency(nodes, from, to, first);
  const order = edgesByNode(from);
  const offsets = new Int32Array(nodes + 1);
  const targets = new Int32Array(order.length);
  const edges = new Int32Array(order.length);
  // offsets[n]: the entries of the nodes before n; set up to `set` so far.
  let set = 0;
  order.forEach((edge, at) => {
    const node = from[edge] ?? 0;
    if (node >= set) {
      offsets.fill(at, set, node + 1);
      set = node + 1;
    }
    targets[at] = to[edge] ?? 0;
    edges[at] = first + edge;
  });
  offsets.fill(order.length, set, nodes + 1);
  return new Adjacency(offsets, targets, new EntryEdges(edges));
}

/** The edges' numbers ordered by the node `from` gives each, then by number. */
function edgesByNode(from: Int32Array): number[] {
  return Array.from(from.keys()).sort((a, b) => (from[a] ?? 0) - (from[b] ?? 0) || a - b);
}

/**
 * `part` without the entries of the edges `gone`, every other edge's number lowered by the
 * removed edges numbered below it (when read: see {@link EntryEdges}). The removed entries are
 * found at the nodes they leave from (`ends`: a removed edge's node on this side), the other
 * entries copied in runs between them (each node's keep their order), and the offsets lowered by
 * the entries removed before them: nothing reads every entry.
 */
function withoutEdges(part: Adjacency, gone: RemovedPositions, ends: Int32Array): Adjacency {
  return part.without(removedEntries(part, gone, ends), gone);
}

/** The entries (ascending) of `part` that hold the edges `gone`, found at the nodes `ends`. */
function removedEntries(part: Adjacency, gone: RemovedPositions, ends: Int32Array): Int32Array {
  const found = new Set<number>();
  for (const node of ends) {
    const [start, end] = part.entriesOf(node);
    for (let entry = start; entry < end; entry += 1)
      if (gone.below(part.edges.at(entry)) < 0) found.add(entry);
  }
  return Int32Array.from(found).sort();
}

/**
 * The endpoints of an index's appended edges (numbered from `first` on) without the edges
 * `gone`, as {@link withoutEdges} leaves them.
 */
function withoutAppended(
  appended: NumberedEndpoints,
  gone: RemovedPositions,
  first: number,
): NumberedEndpoints {
  const src: number[] = [];
  const dst: number[] = [];
  for (let at = 0; at < appended.src.length; at += 1) {
    if (gone.below(first + at) < 0) continue;
    src.push(appended.src[at] ?? 0);
    dst.push(appended.dst[at] ?? 0);
  }
  return { src: Int32Array.from(src), dst: Int32Array.from(dst) };
}

/** `before`'s edges, then `after`'s. */
function joinedEndpoints(
  before: NumberedEndpoints | undefined,
  after: NumberedEndpoints,
): NumberedEndpoints {
  if (before === undefined) return after;
  const joined = (a: Int32Array, b: Int32Array): Int32Array => {
    const out = new Int32Array(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    return out;
  };
  return { src: joined(before.src, after.src), dst: joined(before.dst, after.dst) };
}

/**
 * The numbered lists of an index made by appending to one whose lists are `lists`, adding the
 * nodes `added`: `earlier` is the chain that index had, cut to {@link MAX_LINEAGE_DEPTH} links in
 * all so that a long run of appends keeps no more than that alive.
 */
function numberedChain(
  lists: WeakMap<readonly string[], Int32Array>,
  added: ReadonlyMap<string, number>,
  earlier: NumberedLists | undefined,
): NumberedLists {
  const kept: NumberedLists[] = [];
  for (let link = earlier; link !== undefined && kept.length < MAX_LINEAGE_DEPTH - 1;) {
    kept.push(link);
    link = link.earlier;
  }
  const cut = kept.reduceRight<NumberedLists | undefined>(
    (next, link) => ({ lists: link.lists, added: link.added, earlier: next }),
    undefined,
  );
  return { lists, added, earlier: cut };
}

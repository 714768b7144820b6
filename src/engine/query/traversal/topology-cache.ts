import { OmniError } from '../../../util/omni-error.js';
import { decodeColumns, utf8Chunks, type TableReader } from '../../lance/index.js';
import type { BudgetEntry, CacheBudget } from '../../../util/cache-budget.js';
import { SharedValues } from '../../../util/shared-values.js';
import { CarriedVersions, type CarriedRows } from '../carried-versions.js';
import { CarriedEdges } from './carried-edges.js';
import type { EdgeChange } from './edge-change.js';
import { CsrIndex } from './csr-index.js';
import { endpointsChecksum, numberEndpoints } from './edge-endpoints.js';

/** A built index held under the budget. */
interface TopologyEntry extends BudgetEntry {
  readonly index: CsrIndex;
}

/**
 * Topology indexes by edge table version, kept under the read caches' shared byte budget. A
 * pinned reader is the identity of one immutable table version (the table layer hands out one
 * reader per pin), so entries never go stale. Concurrent builds of one version share one build;
 * an index too large for the budget serves the query that built it and is not kept.
 */
export class TopologyCache {
  readonly #budget: CacheBudget;
  readonly #entries = new Map<TableReader, Promise<CsrIndex>>();
  readonly #held = new Map<TableReader, TopologyEntry>();
  /** Versions to serve from another's index changed by the edges they wrote (see {@link carry}). */
  readonly #carried = new CarriedVersions<EdgeChange>((reader) => this.#entries.has(reader));
  /** The lookups of carried-over versions (null: none), by their record (see carriedEdges). */
  readonly #overlays = new WeakMap<CarriedRows<EdgeChange>, CarriedEdges | null>();
  /** Edges read through index lookups so far, per table version (to amortize a build). */
  readonly #spent = new WeakMap<TableReader, number>();
  /**
   * The held indexes sharing each base adjacency (see `CsrIndex.shared`): one entry counts its
   * bytes, the others their own bytes only, so an index extended by an append costs the budget
   * what it adds, not another copy of what it shares.
   */
  readonly #shared = new SharedValues<TableReader>();

  constructor(budget: CacheBudget) {
    this.#budget = budget;
  }

  /** True when the index of this table version is built (or being built). */
  has(reader: TableReader): boolean {
    return this.#entries.has(reader);
  }

  /**
   * The index of this table version when it is built and held under the budget (it accounts
   * what it has grown by on the next {@link get}); undefined otherwise.
   */
  held(reader: TableReader): CsrIndex | undefined {
    return this.#held.get(reader)?.index;
  }

  /**
   * True when the index of this table version can be had by extending another's (see
   * {@link carry}): cheaper than a build, which reads the table.
   */
  carried(reader: TableReader): boolean {
    return this.#carried.has(reader);
  }

  /**
   * Edge lookups of a few nodes for the table version `next`, carried over (see {@link carry})
   * from one whose index is built and held, without making next's own index: that index changed
   * by the edges written since (see `CarriedEdges`). Their pass over those edges, once per
   * version, is spent towards next's index. Undefined for any other version.
   */
  carriedEdges(next: TableReader): CarriedEdges | undefined {
    const carried = this.#carried.peek(next);
    const held = carried && this.#held.get(carried.from);
    if (carried === undefined || held === undefined) return undefined;
    this.#budget.touch(held);
    let edges = this.#overlays.get(carried);
    if (edges === undefined) {
      edges = CarriedEdges.of(held.index, carried.rows) ?? null;
      this.#overlays.set(carried, edges);
      this.spend(next, carried.rows.length);
    }
    return edges ?? undefined;
  }

  /** Drops the indexes of the versions `dropped` selects (see `forgetDeleted`). */
  forget(dropped: (reader: TableReader) => boolean): void {
    for (const [reader, building] of [...this.#entries]) {
      if (!dropped(reader)) continue;
      const held = this.#held.get(reader);
      if (held !== undefined) this.#budget.remove(held);
      this.#forget(reader, building);
    }
  }

  /** Records edges an indexed traversal of this table version is about to read. */
  spend(reader: TableReader, edges: number): void {
    this.#spent.set(reader, (this.#spent.get(reader) ?? 0) + edges);
  }

  /** Edges read through index lookups of this table version so far. */
  spent(reader: TableReader): number {
    return this.#spent.get(reader) ?? 0;
  }

  /** The index of this table version, built on first use. */
  get(reader: TableReader): Promise<CsrIndex> {
    const cached = this.#entries.get(reader);
    if (cached !== undefined) {
      const held = this.#held.get(reader);
      // An index grows as traversals derive data from it (edge ids, degrees): account for it.
      if (held !== undefined) {
        this.#budget.resize(held, this.#bytesOf(reader, held.index));
        this.#budget.touch(held);
      }
      return cached;
    }
    const building = this.#extended(reader) ?? buildIndex(reader);
    this.#entries.set(reader, building);
    building.then(
      (index) => {
        this.#keep(reader, building, index);
      },
      () => {
        this.#forget(reader, building);
      },
    );
    return building;
  }

  /**
   * Lets the table version `next`, which a write made of the version `base` by removing and
   * appending the edges `steps` (in order; rows rewritten in place are not told of), be served
   * from base's index changed by them (see `CsrIndex.removed` and `CsrIndex.appended`), when base
   * has one: the change is made when a traversal needs it (see `TraversalPlanner`), so writes do
   * not pay for it (see `CarriedVersions`).
   */
  carry(base: TableReader, next: TableReader, steps: readonly EdgeChange[]): void {
    // Lookups spent since the last index count towards next's: a table written between reads
    // gets its index as one read of it would.
    if (this.#carried.record(base, next, steps)) this.#spent.set(next, this.spent(base));
  }

  /** The index of `next` changed from a carried-over one, or undefined (see {@link carry}). */
  #extended(next: TableReader): Promise<CsrIndex> | undefined {
    const carried = this.#carried.take(next);
    const previous = carried && this.#entries.get(carried.from);
    const runs = carried && runsOf(carried.rows);
    if (previous === undefined || runs === undefined) return undefined;
    return previous.then((index) => {
      // The edge ids are those of `next`, read in the order of the index made last.
      let changed: CsrIndex | undefined = index;
      const ids = () => {
        const { src, dst } = (changed ?? index).endpoints();
        return edgeIds(next, src, dst);
      };
      for (const { removed, src, dst } of runs) {
        changed = removed
          ? changed?.removed({ src, dst, ids })
          : changed?.appended({ src, dst, ids });
      }
      return changed ?? buildIndex(next);
    });
  }

  /** Admits a built index under the budget, or forgets it when it does not fit. */
  #keep(reader: TableReader, building: Promise<CsrIndex>, index: CsrIndex): void {
    if (this.#entries.get(reader) !== building) return;
    if (!this.#budget.fits(index.bytes)) {
      this.#entries.delete(reader);
      return;
    }
    this.#shared.hold(index.shared, reader);
    const entry: TopologyEntry = {
      cache: 'topology',
      index,
      bytes: this.#bytesOf(reader, index),
      evict: () => {
        this.#forget(reader, building);
      },
    };
    this.#held.set(reader, entry);
    this.#budget.admit(entry);
  }

  /** What the entry of `reader`'s index counts: all its bytes, or (see #shared) its own. */
  #bytesOf(reader: TableReader, index: CsrIndex): number {
    return this.#shared.counts(index.shared, reader)
      ? index.bytes
      : index.bytes - index.sharedBytes;
  }

  #forget(reader: TableReader, building: Promise<CsrIndex>): void {
    if (this.#entries.get(reader) !== building) return;
    const held = this.#held.get(reader);
    this.#entries.delete(reader);
    this.#held.delete(reader);
    if (held !== undefined) this.#unshare(reader, held.index);
  }

  /**
   * Lets go of `reader`'s share of its index's base adjacency: when its entry counted it,
   * another holder's does from now on (resized once the eviction that may be running is over).
   */
  #unshare(reader: TableReader, index: CsrIndex): void {
    const next = this.#shared.release(index.shared, reader);
    if (next === undefined) return;
    queueMicrotask(() => {
      const entry = this.#held.get(next);
      if (entry !== undefined) this.#budget.resize(entry, this.#bytesOf(next, entry.index));
    });
  }
}

/** Edges removed, or appended, one after another: what one change of an index does. */
interface EdgeRun {
  readonly removed: boolean;
  readonly src: string[];
  readonly dst: string[];
}

/**
 * Steps grouped into runs of removals and of appends, in order; undefined when an endpoint is
 * not a string.
 */
function runsOf(steps: readonly EdgeChange[]): EdgeRun[] | undefined {
  const runs: EdgeRun[] = [];
  for (const { removed, src, dst } of steps) {
    if (typeof src !== 'string' || typeof dst !== 'string') return undefined;
    let run = runs.at(-1);
    if (run?.removed !== removed) runs.push((run = { removed, src: [], dst: [] }));
    run.src.push(src);
    run.dst.push(dst);
  }
  return runs;
}

/**
 * Reads an edge table's endpoints and indexes them: numbered from their UTF-8 bytes when the
 * columns allow it (only the distinct node ids become strings), else from decoded strings.
 */
async function buildIndex(reader: TableReader): Promise<CsrIndex> {
  const table = await reader.scanArrow({ columns: ['src', 'dst'] });
  const srcChunks = utf8Chunks(table, 'src');
  const dstChunks = utf8Chunks(table, 'dst');
  const numbered = srcChunks && dstChunks ? numberEndpoints(srcChunks, dstChunks) : undefined;
  if (numbered !== undefined) {
    const { checksum } = numbered;
    const count = numbered.src.length;
    return CsrIndex.numbered({ ...numbered, ids: () => edgeIdsAfter(reader, count, checksum) });
  }
  const { columns } = decodeColumns(table);
  const src = (columns.src ?? []) as readonly string[];
  const dst = (columns.dst ?? []) as readonly string[];
  return CsrIndex.build({ src, dst, ids: () => edgeIds(reader, src, dst) });
}

/**
 * The edge ids in the order the topology was read. An unfiltered scan of one version comes in a
 * fixed order; the endpoints read again with the ids prove that the two reads line up.
 */
async function edgeIds(
  reader: TableReader,
  src: readonly string[],
  dst: readonly string[],
): Promise<readonly string[]> {
  const { columns, length } = await reader.scanColumns({ columns: ['id', 'src', 'dst'] });
  const aligned =
    length === src.length &&
    src.every((id, index) => columns.src?.[index] === id && columns.dst?.[index] === dst[index]);
  if (!aligned) throw misaligned(reader);
  return (columns.id ?? []) as readonly string[];
}

/**
 * {@link edgeIds} of a topology numbered from bytes: the endpoints read again with the ids must
 * have the count and checksum of the first read.
 */
async function edgeIdsAfter(
  reader: TableReader,
  count: number,
  checksum: number,
): Promise<readonly string[]> {
  const table = await reader.scanArrow({ columns: ['id', 'src', 'dst'] });
  const src = utf8Chunks(table, 'src');
  const dst = utf8Chunks(table, 'dst');
  const aligned =
    table.numRows === count &&
    src !== undefined &&
    dst !== undefined &&
    endpointsChecksum(src, dst) === checksum;
  if (!aligned) throw misaligned(reader);
  return (decodeColumns(table.select(['id'])).columns.id ?? []) as readonly string[];
}

function misaligned(reader: TableReader): OmniError {
  return new OmniError('internal', `edge table ${reader.name} was read in two orders`);
}

import { OmniError } from '../../../util/omni-error.js';
import type { TableReader } from '../../lance/index.js';
import { CsrIndex } from './csr-index.js';

/** Topology indexes kept (docs/reference/query.md, "Traversal strategies"). */
export const DEFAULT_TOPOLOGY_CACHE_SIZE = 8;

/**
 * Topology indexes by edge table version. A pinned reader is the identity of one immutable table
 * version (the table layer hands out one reader per pin), so entries never go stale; the least
 * recently used is evicted beyond the capacity. Concurrent builds of one version share one build.
 */
export class TopologyCache {
  readonly #capacity: number;
  readonly #entries = new Map<TableReader, Promise<CsrIndex>>();
  /** Edges read through index lookups so far, per table version (to amortize a build). */
  readonly #spent = new WeakMap<TableReader, number>();

  constructor(capacity = DEFAULT_TOPOLOGY_CACHE_SIZE) {
    this.#capacity = Math.max(1, capacity);
  }

  /** True when the index of this table version is built (or being built). */
  has(reader: TableReader): boolean {
    return this.#entries.has(reader);
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
      this.#entries.delete(reader);
      this.#entries.set(reader, cached);
      return cached;
    }
    const building = buildIndex(reader);
    this.#entries.set(reader, building);
    building.catch(() => {
      if (this.#entries.get(reader) === building) this.#entries.delete(reader);
    });
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= this.#capacity) break;
      this.#entries.delete(key);
    }
    return building;
  }
}

async function buildIndex(reader: TableReader): Promise<CsrIndex> {
  const { columns } = await reader.scanColumns({ columns: ['src', 'dst'] });
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
  if (!aligned) throw new OmniError('internal', `edge table ${reader.name} was read in two orders`);
  return (columns.id ?? []) as readonly string[];
}

import type { Catalog, EdgeType, NodeType } from '../../compiler/catalog/catalog.js';
import { typeKey } from '../../compiler/catalog/catalog-lookup.js';
import { OmniError } from '../../util/omni-error.js';
import type { CommitRecord, ManifestEntry, AcceptedSchema } from '../root/index.js';
import type { LanceTables, TableReader } from '../lance/index.js';
import { type PinnedVersion, pinnedKey, reclaimedError, reclaimedPins } from './reclaimed-data.js';
import type { CachedLookups } from './cached-lookups.js';
import { SnapshotLookups } from './snapshot-lookups.js';

/**
 * One consistent view of the graph: a published commit, its schema, and every table opened
 * at the exact version the commit pins. Nothing written after the commit is visible.
 */
export class Snapshot {
  readonly commit: CommitRecord;
  readonly schema: AcceptedSchema;
  readonly #tables: LanceTables;
  readonly #cached: CachedLookups | undefined;

  /** `cached`: what a read cache holds, to answer the lookups of writes with (see {@link lookups}). */
  constructor(
    commit: CommitRecord,
    schema: AcceptedSchema,
    tables: LanceTables,
    cached?: CachedLookups,
  ) {
    this.commit = commit;
    this.schema = schema;
    this.#tables = tables;
    this.#cached = cached;
  }

  get catalog(): Catalog {
    return this.schema.catalog;
  }

  /** The manifest entry of a table key (`node:Person`). */
  entry(tableKey: string): ManifestEntry {
    const entry = this.commit.manifest.tables[tableKey];
    if (!entry)
      throw new OmniError(
        'internal',
        `commit ${this.commit.graph_commit_id} has no table ${tableKey}`,
      );
    return entry;
  }

  /**
   * A reader of a table at its pinned version (cached by the Lance layer by pin). A version
   * cleanup reclaimed is a `not_found` saying so.
   */
  async reader(tableKey: string): Promise<TableReader> {
    const pin = this.#pin(tableKey);
    try {
      return await this.#tables.reader(pin.table, pin);
    } catch (error) {
      if (error instanceof OmniError && error.code === 'not_found') {
        if (!(await this.#tables.hasVersion(pin.table, pin))) throw this.#reclaimed(tableKey);
      }
      throw error;
    }
  }

  /**
   * Fails with the typed `not_found` of {@link reclaimedError} unless every table version the
   * commit pins still exists: checked before a branch is created at the commit, without opening
   * its tables.
   */
  async requireData(): Promise<void> {
    const keys = this.types().map(({ key }) => key);
    const gone = await reclaimedPins(
      this.#tables,
      keys.map((key) => this.#pin(key)),
    );
    const first = keys.find((key) => gone.has(pinnedKey(this.#pin(key))));
    if (first !== undefined) throw this.#reclaimed(first);
  }

  #pin(tableKey: string): PinnedVersion {
    const entry = this.entry(tableKey);
    return { table: entry.table, branch: entry.branch, version: entry.version };
  }

  #reclaimed(tableKey: string): OmniError {
    const name = this.types().find(({ key }) => key === tableKey)?.type.name ?? tableKey;
    return reclaimedError(this.commit.graph_commit_id, name, this.#pin(tableKey));
  }

  /** Node and edge types with their table keys, sorted by key (`edge:*` before `node:*`). */
  types(): { readonly key: string; readonly type: NodeType | EdgeType }[] {
    return [...this.catalog.nodeTypes, ...this.catalog.edgeTypes]
      .map((type) => ({ key: typeKey(type), type }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Lookups that loads and mutations validate against. */
  lookups(): SnapshotLookups {
    return new SnapshotLookups(
      (key) => this.reader(key),
      (key) => this.entry(key).rowCount,
      this.#cached,
    );
  }
}

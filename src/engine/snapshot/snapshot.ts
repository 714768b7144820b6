import type { Catalog, EdgeType, NodeType } from '../../compiler/catalog/catalog.js';
import { typeKey } from '../../compiler/catalog/catalog-lookup.js';
import { OmniError } from '../../util/omni-error.js';
import type { CommitRecord, ManifestEntry, AcceptedSchema } from '../root/index.js';
import type { LanceTables, TableReader } from '../lance/index.js';
import { SnapshotLookups } from './snapshot-lookups.js';

/**
 * One consistent view of the graph: a published commit, its schema, and every table opened
 * at the exact version the commit pins. Nothing written after the commit is visible.
 */
export class Snapshot {
  readonly commit: CommitRecord;
  readonly schema: AcceptedSchema;
  readonly #tables: LanceTables;

  constructor(commit: CommitRecord, schema: AcceptedSchema, tables: LanceTables) {
    this.commit = commit;
    this.schema = schema;
    this.#tables = tables;
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

  /** A reader of a table at its pinned version (cached by the Lance layer by pin). */
  reader(tableKey: string): Promise<TableReader> {
    const entry = this.entry(tableKey);
    return this.#tables.reader(entry.table, { branch: entry.branch, version: entry.version });
  }

  /** Node and edge types with their table keys, sorted by key (`edge:*` before `node:*`). */
  types(): { readonly key: string; readonly type: NodeType | EdgeType }[] {
    return [...this.catalog.nodeTypes, ...this.catalog.edgeTypes]
      .map((type) => ({ key: typeKey(type), type }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Lookups the loader validates against. */
  lookups(): SnapshotLookups {
    return new SnapshotLookups((key) => this.reader(key));
  }
}

import { connect, type Connection, type Table as LanceTable } from '@lancedb/lancedb';
import { DEFAULT_SETTINGS, type S3Settings } from '../../api/settings.js';
import { schemaFromColumns } from './arrow-schema.js';
import { validateTableColumns, type ColumnSpec } from './column-spec.js';
import { withLanceError, type LanceContext } from './lance-error.js';
import { lanceLocation, type LanceLocation } from './lance-location.js';
import { isOmniError, OmniError } from '../../util/omni-error.js';
import { MAIN_BRANCH, validateTableName } from './lance-names.js';
import { LruPromiseCache } from '../../util/lru-promise-cache.js';
import { listIndexes, type IndexInfo } from './table-indexes.js';
import { fragmentCount, pruneVersions, type PruneOutcome } from './table-maintenance.js';
import {
  createBranch,
  deleteBranch,
  indexesLostInFork,
  listBranches,
  type BranchInfo,
} from './table-branches.js';
import { lanceBranch, validateBranch, validatePin, type TablePin } from './table-pin.js';
import { openTableReader, type TableReader } from './table-reader.js';
import { openTableWriter, type TableWriter, type WriterOptions } from './table-writer.js';

/** Options of {@link LanceTables.open}. */
export interface LanceTablesOptions {
  /** How to reach S3 for `s3://` roots; the defaults of `DEFAULT_SETTINGS.s3` otherwise. */
  readonly s3?: S3Settings;
  /** Pinned readers kept open; 256 by default. */
  readonly readerCacheSize?: number;
}

/** One version of a branch of a table. */
export interface VersionInfo {
  readonly version: number;
  /** Commit time, epoch milliseconds. */
  readonly timestamp: number;
}

/**
 * Stable row ids make `_row_last_updated_at_version` track writes (graph merge needs it) and
 * survive compaction. They can only be chosen when a table is created.
 */
const NEW_TABLE_OPTIONS = { new_table_enable_stable_row_ids: 'true' } as const;

const DEFAULT_READER_CACHE = 256;

/**
 * Writers kept idle between writes (see {@link LanceTables.keepWriter}): one per table branch
 * written lately, the least recently kept dropped first.
 */
const IDLE_WRITERS = 64;

/** The version {@link LanceTables.createTable} makes: the table's empty creation, on main. */
export const CREATED_TABLE_VERSION = 1;

/**
 * The Lance tables of one graph root: create and drop tables, open pinned readers and branch
 * writers, and manage native branches. Each table is one Lance dataset `<root>/<name>.lance`.
 *
 * @example
 * const tables = await LanceTables.open('s3://bucket/graphs/g1');
 * const pin = await tables.createTable('Person', [
 *   { name: 'id', type: { kind: 'utf8' }, nullable: false },
 *   { name: 'age', type: { kind: 'int64' }, nullable: true },
 * ]);
 * const writer = await tables.writer('Person', 'main', { expectedVersion: pin.version });
 * const { version } = await writer.append([{ id: 'p1', age: 36n }]);
 * const rows = await (await tables.reader('Person', { branch: 'main', version })).scan();
 */
export class LanceTables {
  readonly #connection: Connection;
  readonly #readers: LruPromiseCache<TableReader>;
  /** Reader keys of versions found missing: a removed version never comes back. */
  readonly #missing = new Set<string>();
  /**
   * Native branches seen (forked or listed), by table and branch name. What a branch was forked
   * from never changes while it exists, and a deleted one is only made again from the same pin
   * (its name carries its graph branch's incarnation: docs/reference/storage-layout.md, step 5),
   * so an entry stays true; a delete or drop here forgets it all the same.
   */
  readonly #forks = new Map<string, BranchInfo>();
  /** Writers of published versions, by table branch, for the next write from there. */
  readonly #idleWriters = new Map<string, TableWriter>();
  /** The root Lance connects to: an absolute path or an `s3://` URI. */
  readonly uri: string;
  /** True for a local directory: a request there is a system call, not a round trip. */
  readonly local: boolean;

  private constructor(connection: Connection, location: LanceLocation, readerCacheSize: number) {
    this.#connection = connection;
    this.uri = location.uri;
    this.local = location.local;
    this.#readers = new LruPromiseCache(readerCacheSize);
  }

  /** Connects to a graph root: a local path (made absolute) or `s3://bucket/prefix`. */
  static async open(root: string, options: LanceTablesOptions = {}): Promise<LanceTables> {
    const location = lanceLocation(root, options.s3 ?? DEFAULT_SETTINGS.s3);
    // No read-consistency interval: a handle moves only through its own writes or a checkout,
    // which readers rely on, and writers kept between writes (LanceTables.keepWriter).
    const connection = await withLanceError({ op: 'connect' }, location.uri, () =>
      connect(location.uri, { storageOptions: { ...location.storageOptions } }),
    );
    return new LanceTables(connection, location, options.readerCacheSize ?? DEFAULT_READER_CACHE);
  }

  /** Names of the tables under the root, sorted. */
  async tableNames(): Promise<string[]> {
    return this.#lance({ op: 'list tables' }, async () => {
      const names: string[] = [];
      let pageToken: string | undefined;
      do {
        const page = await this.#connection.listTables({ pageToken, limit: 1000 });
        names.push(...page.tables);
        pageToken = page.pageToken;
      } while (pageToken);
      return names.sort();
    });
  }

  /**
   * Creates an empty table with an explicit schema, stable row ids and `id` as its unenforced
   * primary key, in one commit. Returns its first pin (main, {@link CREATED_TABLE_VERSION}). An
   * existing table is a `conflict`.
   */
  async createTable(name: string, columns: readonly ColumnSpec[]): Promise<TablePin> {
    validateTableName(name);
    validateTableColumns(columns);
    const table = await this.#lance({ op: 'create', table: name }, () =>
      this.#connection.createEmptyTable(name, schemaFromColumns(columns), {
        mode: 'create',
        storageOptions: { ...NEW_TABLE_OPTIONS },
      }),
    );
    try {
      return { branch: MAIN_BRANCH, version: await table.version() };
    } finally {
      table.close();
    }
  }

  /** Drops a table with all its versions and branches. */
  async dropTable(name: string): Promise<void> {
    validateTableName(name);
    await this.#lance({ op: 'drop', table: name }, () => this.#connection.dropTable(name));
    // A re-created table reuses (branch, version) identities: forget the old ones.
    this.#forget(readerKeyPrefix(name));
  }

  /** {@link dropTable}, done already when the table is not there (a drop cut short, retried). */
  async dropTableIfExists(name: string): Promise<void> {
    try {
      await this.dropTable(name);
    } catch (error) {
      if (!isOmniError(error, 'not_found')) throw error;
    }
  }

  /**
   * A read-only view of `name` at exactly `pin`, cached by that immutable identity. Throws
   * `not_found` for a missing table, branch or version.
   */
  async reader(name: string, pin: TablePin): Promise<TableReader> {
    validateTableName(name);
    validatePin(pin);
    return this.#readers.get(readerKey(name, pin), () =>
      openTableReader(this.#connection, this.uri, name, pin),
    );
  }

  /** Whether the reader of `pin` is cached: the table was read at that version lately. */
  hasReader(name: string, pin: TablePin): boolean {
    return this.#readers.has(readerKey(name, pin));
  }

  /**
   * Caches a reader made outside the cache (a writer's, see `TableWriter.toReader`) once its
   * version is published.
   */
  keepReader(reader: TableReader): void {
    this.#readers.offer(readerKey(reader.name, reader.pin), reader);
  }

  /**
   * The head of `branch` for writing. With `expectedVersion`, a branch past that version fails
   * with `conflict`. With `reuseAt`, the branch's idle writer is taken when it is at that version
   * (no request); any other open drops it, as the branch is about to move past it.
   */
  async writer(name: string, branch: string, options?: WriterOptions): Promise<TableWriter> {
    validateTableName(name);
    validateBranch(branch);
    if (options?.expectedVersion !== undefined) {
      validatePin({ branch, version: options.expectedVersion });
    }
    const key = readerKeyPrefix(name, branch);
    const idle = this.#idleWriters.get(key);
    this.#idleWriters.delete(key);
    if (idle !== undefined && options?.reuseAt === idle.version) return idle;
    return openTableWriter(this.#connection, this.uri, name, branch, options);
  }

  /**
   * Keeps `writer`, whose version its write has just published, for the next write of its
   * branch in this process ({@link writer} with `reuseAt`): that write then opens nothing (on
   * object storage, the listing of the branch's versions). Whatever else writes the branch
   * meanwhile (recovery, maintenance, another process) leaves a version past it, which the
   * next write either pins already (the writer is not taken) or meets as a foreign version
   * (the fenced write's check: docs/reference/storage-layout.md).
   */
  keepWriter(writer: TableWriter): void {
    const key = readerKeyPrefix(writer.name, writer.branch);
    this.#idleWriters.delete(key);
    this.#idleWriters.set(key, writer);
    const [oldest] = this.#idleWriters.keys();
    if (this.#idleWriters.size > IDLE_WRITERS && oldest !== undefined)
      this.#idleWriters.delete(oldest);
  }

  /**
   * Whether a table version still exists: false once version cleanup removed it, or its branch
   * or table is gone. Cheaper than {@link listVersions}, which reads every version's manifest.
   */
  async hasVersion(name: string, pin: TablePin): Promise<boolean> {
    validateTableName(name);
    validatePin(pin);
    const key = readerKey(name, pin);
    if (this.#missing.has(key)) return false;
    const context = { op: 'check version', table: name, branch: pin.branch, version: pin.version };
    try {
      await this.#lance(context, async () => {
        const table = await this.#connection.openTable(name, undefined, {
          branch: lanceBranch(pin.branch),
          version: pin.version,
        });
        table.close();
      });
      return true;
    } catch (error) {
      if (!(error instanceof OmniError && error.code === 'not_found')) throw error;
      this.#missing.add(key);
      return false;
    }
  }

  /** Versions of a branch of a table, oldest first. A branch lists from its fork version. */
  async listVersions(name: string, branch: string): Promise<VersionInfo[]> {
    validateTableName(name);
    validateBranch(branch);
    const context = { op: 'list versions', table: name, branch };
    return this.#withHead(context, branch, async (table) => {
      const versions = await table.listVersions();
      return versions.map((entry) => ({
        version: entry.version,
        timestamp: entry.timestamp.getTime(),
      }));
    });
  }

  /** Forks `branch` of table `name` from `from` (zero-copy). See {@link createBranch}. */
  async createBranch(name: string, branch: string, from: TablePin): Promise<BranchInfo> {
    validateTableName(name);
    const context = { op: 'create branch', table: name, branch };
    const created = await this.#withHead(context, MAIN_BRANCH, (table) =>
      createBranch(table, branch, from),
    );
    this.#forks.set(readerKeyPrefix(name, branch), created);
    return created;
  }

  /**
   * The indexes of table `name` a fork of `from` inherits and cannot read: a fork drops them
   * (see {@link indexesLostInFork}). The fork point of `from`'s branch comes from the branches
   * this process forked or listed before, when it has them.
   */
  async indexesLostInFork(name: string, from: TablePin): Promise<string[]> {
    validateTableName(name);
    // A fork of main loses none: no table to open.
    if (from.branch === MAIN_BRANCH) return [];
    const context = { op: 'list indexes', table: name, branch: from.branch, version: from.version };
    const forkPoint = async () => {
      const fork = await this.branch(name, from.branch);
      if (fork !== undefined) return fork;
      throw new OmniError(
        'not_found',
        `branch '${from.branch}' of table '${name}' does not exist`,
        { details: { table: name, branch: from.branch } },
      );
    };
    return this.#withHead(context, MAIN_BRANCH, (table) =>
      indexesLostInFork(table, from, forkPoint),
    );
  }

  /** The native branches of table `name` (not `main`). */
  async listBranches(name: string): Promise<BranchInfo[]> {
    validateTableName(name);
    const branches = await this.#withHead(
      { op: 'list branches', table: name },
      MAIN_BRANCH,
      listBranches,
    );
    for (const info of branches) this.#forks.set(readerKeyPrefix(name, info.name), info);
    return branches;
  }

  /**
   * The native branch `branch` of table `name` and what it was forked from, undefined when it
   * does not exist. A branch this process forked or listed is answered without a request.
   */
  async branch(name: string, branch: string): Promise<BranchInfo | undefined> {
    validateTableName(name);
    validateBranch(branch);
    const known = this.#forks.get(readerKeyPrefix(name, branch));
    if (known !== undefined) return known;
    return (await this.listBranches(name)).find((info) => info.name === branch);
  }

  /** Deletes `branch` of table `name`; branches forked from it must be deleted first. */
  async deleteBranch(name: string, branch: string): Promise<void> {
    validateTableName(name);
    const context = { op: 'delete branch', table: name, branch };
    await this.#withHead(context, MAIN_BRANCH, (table) => deleteBranch(table, branch));
    // A re-created branch reuses version numbers: forget readers of the old one.
    this.#forget(readerKeyPrefix(name, branch));
  }

  /** The latest version of a branch of a table (its Lance head, published or not). */
  async headVersion(name: string, branch: string): Promise<number> {
    validateTableName(name);
    validateBranch(branch);
    return this.#withHead({ op: 'read head', table: name, branch }, branch, (table) =>
      table.version(),
    );
  }

  /** The indexes of a branch's head, uncached (the head may be unpublished). */
  async headIndexes(name: string, branch: string): Promise<IndexInfo[]> {
    validateTableName(name);
    validateBranch(branch);
    return this.#withHead({ op: 'list indexes', table: name, branch }, branch, listIndexes);
  }

  /** Fragments of a branch's head. */
  async headFragments(name: string, branch: string): Promise<number> {
    validateTableName(name);
    validateBranch(branch);
    return this.#withHead({ op: 'read stats', table: name, branch }, branch, fragmentCount);
  }

  /**
   * Removes the versions of `branch` of table `name` committed before `olderThan`; see
   * {@link pruneVersions} for what the caller must ensure first.
   */
  async pruneVersions(name: string, branch: string, olderThan: Date): Promise<PruneOutcome> {
    validateTableName(name);
    validateBranch(branch);
    const context = { op: 'prune versions', table: name, branch };
    const outcome = await this.#withHead(context, branch, (table) =>
      pruneVersions(table, olderThan),
    );
    // Pruned versions are gone: forget readers of the branch (they may pin one of them).
    this.#readers.evict((key) => key.startsWith(readerKeyPrefix(name, branch)));
    return outcome;
  }

  /** Forgets cached readers, missing versions and branches under a key prefix (a table or branch). */
  #forget(prefix: string): void {
    this.#readers.evict((key) => key.startsWith(prefix));
    for (const key of this.#missing) if (key.startsWith(prefix)) this.#missing.delete(key);
    for (const key of this.#forks.keys()) if (key.startsWith(prefix)) this.#forks.delete(key);
    for (const key of this.#idleWriters.keys())
      if (key.startsWith(prefix)) this.#idleWriters.delete(key);
  }

  /**
   * Releases the connection; handles opened from it must not be used afterwards. Never throws:
   * when a call on the connection is still running (a read that another failure interrupted),
   * Lance refuses to close it now, and it is released with its last handle instead. A close
   * must not replace the error that ended the work before it.
   */
  close(): void {
    this.#idleWriters.clear();
    try {
      this.#connection.close();
    } catch {
      // Still borrowed by a running call: released when that call's handles are dropped.
    }
  }

  /** Runs `use` on a short-lived handle of the head of `head` (main's head sees every branch). */
  async #withHead<T>(
    context: LanceContext & { readonly table: string },
    head: string,
    use: (table: LanceTable) => Promise<T>,
  ): Promise<T> {
    return this.#lance(context, async () => {
      const table = await this.#connection.openTable(context.table, undefined, {
        branch: lanceBranch(head),
      });
      try {
        return await use(table);
      } finally {
        table.close();
      }
    });
  }

  #lance<T>(context: LanceContext, call: () => Promise<T>): Promise<T> {
    return withLanceError(context, this.uri, call);
  }
}

function readerKeyPrefix(name: string, branch?: string): string {
  return branch === undefined ? `${name}\u0000` : `${name}\u0000${branch}\u0000`;
}

function readerKey(name: string, pin: TablePin): string {
  return `${readerKeyPrefix(name, pin.branch)}${pin.version}`;
}

import type { Schema, Table as ArrowTable } from 'apache-arrow';
import type { Connection, Table as LanceTable } from '@lancedb/lancedb';
import { assertNever } from '../../util/assert-never.js';
import { OmniError } from '../../util/omni-error.js';
import { relabelBatches } from './arrow-batches.js';
import { columnArrowType, columnsFromSchema } from './arrow-schema.js';
import { arrow } from './arrow-module.js';
import { checkCell } from './cell-check.js';
import { ID_COLUMN, type ColumnSpec } from './column-spec.js';
import { filterSql, type Filter } from './filter.js';
import { withLanceError } from './lance-error.js';
import { encodeRows } from './row-encoder.js';
import type { Row } from './row.js';
import { cellLiteral } from './sql-literal.js';
import { appendTable } from './table-append.js';
import { pinnedHandle } from './table-snapshot.js';
import { createIndex, type IndexOutcome, type IndexRequest } from './table-indexes.js';
import { lanceBranch, validateVersion } from './table-pin.js';
import { pinnedReader, type TableReader } from './table-reader.js';

/** What a write did. Every write that touches Lance commits exactly one new version. */
export interface WriteOutcome {
  /** The table version after the write (unchanged when there was nothing to write). */
  readonly version: number;
  readonly inserted: number;
  readonly updated: number;
  readonly deleted: number;
}

/** What {@link TableWriter.restore} did. */
export interface RestoreOutcome {
  /** The branch's latest version afterwards, holding the content of the requested version. */
  readonly version: number;
  /** False when the branch was already at the requested version (nothing was committed). */
  readonly restored: boolean;
}

/** What {@link TableWriter.optimize} did. */
export interface OptimizeOutcome {
  /** The version after compaction and index optimization; content is unchanged. */
  readonly version: number;
  readonly fragmentsRemoved: number;
  readonly fragmentsAdded: number;
}

/**
 * A change of a table's columns (schema evolution), committed as one new version:
 * - `add`: new columns, null in every existing row, so nullable whatever the spec says (Lance
 *   refuses an all-null column that is not; a required property is the catalog's rule);
 * - `rename`: a column renamed, its data kept;
 * - `relax`: columns made nullable (a column a schema no longer declares must accept writes
 *   that do not know it);
 * - `drop`: columns removed from the new version (older versions keep them).
 */
export type ColumnChange =
  | { readonly kind: 'add'; readonly columns: readonly ColumnSpec[] }
  | { readonly kind: 'rename'; readonly from: string; readonly to: string }
  | { readonly kind: 'relax'; readonly names: readonly string[] }
  | { readonly kind: 'drop'; readonly names: readonly string[] };

/** Options for opening a writer. */
export interface WriterOptions {
  /**
   * The version the branch must be at. A branch past it holds unpublished versions (a writer
   * died before publishing), and writing on top would publish them: the open fails with
   * `conflict` instead, and the caller resets with {@link TableWriter.restore}.
   */
  readonly expectedVersion?: number;
  /**
   * The version the caller's write starts from (the one its commit pins): the process's idle
   * writer of the branch is taken instead of opening one when it is at that version (see
   * `LanceTables.keepWriter`).
   */
  readonly reuseAt?: number;
}

/**
 * The head of one branch of one table, for writing. Each write commits a new version at once
 * and returns it; nothing is visible to pinned readers until the caller publishes that version.
 * Writes to one table must be serialized by the caller.
 *
 * @example
 * const people = await tables.writer('Person', 'main', { expectedVersion: 7 });
 * const { version } = await people.mergeInsert([{ id: 'p1', name: 'Ada', age: 36n }]);
 */
export interface TableWriter {
  readonly name: string;
  readonly branch: string;
  readonly columns: readonly ColumnSpec[];
  /** The version this handle is at: the branch head at open, then the result of each write. */
  readonly version: number;
  /** Rows matching `filter` (all rows when absent) at this handle's version. */
  count(filter?: Filter): Promise<number>;
  /** Appends rows; ids are not checked against existing rows. */
  append(rows: readonly Row[]): Promise<WriteOutcome>;
  /**
   * Appends Arrow rows of a table of the same columns (a `TableReader.scanArrow`) without
   * decoding them: the schema is checked once, not each cell (see `relabelBatches`). A schema
   * that differs throws `bad_request` before anything is written; ids are not checked. No row
   * (whatever the columns: Lance's empty results have none) writes nothing.
   */
  appendArrow(data: ArrowTable): Promise<WriteOutcome>;
  /**
   * Upserts rows by `id`: existing ids are replaced whole, new ids inserted. Duplicate ids in
   * one call are rejected (Lance would insert both or fail with "ambiguous merge").
   */
  mergeInsert(rows: readonly Row[]): Promise<WriteOutcome>;
  /** Deletes the rows matching `filter`. */
  delete(filter: Filter): Promise<WriteOutcome>;
  /** Sets columns of the rows matching `filter`; `id` cannot be updated. */
  update(filter: Filter, values: Row): Promise<WriteOutcome>;
  /**
   * Makes the branch head hold the content of `version` again (recovery from unpublished
   * versions): checks it out and restores it as a new version.
   */
  restore(version: number): Promise<RestoreOutcome>;
  /**
   * Compacts fragments and folds new rows into indexes. Never deletes old versions: cleanup must
   * follow the graph's own retention. A failure may still have committed versions.
   */
  optimize(): Promise<OptimizeOutcome>;
  /** Builds or replaces an index; the build commits a new version. */
  createIndex(request: IndexRequest): Promise<IndexOutcome>;
  /** Drops the index `name`, committing a new version; resolves it. */
  dropIndex(name: string): Promise<number>;
  /** Changes the table's columns; resolves the new version. See {@link ColumnChange}. */
  changeColumns(change: ColumnChange): Promise<number>;
  /**
   * A reader of the version this handle is at, made with no request (see `pinnedHandle`): it
   * stays at that version while the writer goes on writing.
   */
  toReader(): Promise<TableReader>;
}

/** Opens the head of `branch` for writing. */
export async function openTableWriter(
  connection: Connection,
  root: string,
  name: string,
  branch: string,
  options: WriterOptions = {},
): Promise<TableWriter> {
  const context = { op: 'open for write', table: name, branch };
  const { table, version, schema } = await withLanceError(context, root, async () => {
    const opened = await connection.openTable(name, undefined, { branch: lanceBranch(branch) });
    return {
      table: opened,
      version: await opened.version(),
      schema: await opened.schema(),
    };
  });
  const expected = options.expectedVersion;
  if (expected !== undefined && expected !== version) {
    throw new OmniError(
      'conflict',
      `table '${name}' on branch '${branch}' is at version ${version}, expected ${expected}`,
      { details: { table: name, branch, expected, actual: version } },
    );
  }
  return new BranchTableWriter({ table, root, name, branch, schema, version });
}

interface WriterState {
  readonly table: LanceTable;
  readonly root: string;
  readonly name: string;
  readonly branch: string;
  readonly schema: Schema;
  readonly version: number;
}

class BranchTableWriter implements TableWriter {
  readonly #table: LanceTable;
  readonly #root: string;
  #schema: Schema;
  #version: number;
  readonly name: string;
  readonly branch: string;
  columns: readonly ColumnSpec[];

  constructor(state: WriterState) {
    this.#table = state.table;
    this.#root = state.root;
    this.#schema = state.schema;
    this.#version = state.version;
    this.name = state.name;
    this.branch = state.branch;
    this.columns = columnsFromSchema(state.schema);
  }

  get version(): number {
    return this.#version;
  }

  async count(filter?: Filter): Promise<number> {
    const sql = filter === undefined ? undefined : filterSql(filter);
    return this.#lance('count', () => this.#table.countRows(sql));
  }

  async append(rows: readonly Row[]): Promise<WriteOutcome> {
    if (rows.length === 0) return this.#unchanged();
    const data = encodeRows(this.#schema, this.columns, rows);
    const version = await this.#lance('append', () => appendTable(this.#table, data));
    return this.#wrote(version, { inserted: rows.length });
  }

  async appendArrow(data: ArrowTable): Promise<WriteOutcome> {
    // Lance returns an empty result without its columns: there is nothing to check or write.
    if (data.numRows === 0) return this.#unchanged();
    const relabelled = relabelBatches(this.name, this.#schema, data);
    const version = await this.#lance('append', () => appendTable(this.#table, relabelled));
    return this.#wrote(version, { inserted: relabelled.numRows });
  }

  async mergeInsert(rows: readonly Row[]): Promise<WriteOutcome> {
    if (rows.length === 0) return this.#unchanged();
    const data = encodeRows(this.#schema, this.columns, rows);
    rejectDuplicateIds(rows);
    const result = await this.#lance('merge insert', () =>
      this.#table
        .mergeInsert(ID_COLUMN)
        .whenMatchedUpdateAll()
        .whenNotMatchedInsertAll()
        .execute(data),
    );
    return this.#wrote(result.version, {
      inserted: result.numInsertedRows,
      updated: result.numUpdatedRows,
    });
  }

  async delete(filter: Filter): Promise<WriteOutcome> {
    const predicate = filterSql(filter);
    const result = await this.#lance('delete', () => this.#table.delete(predicate));
    return this.#wrote(result.version, { deleted: result.numDeletedRows });
  }

  async update(filter: Filter, values: Row): Promise<WriteOutcome> {
    const valuesSql = this.#assignments(values);
    const predicate = filterSql(filter);
    const result = await this.#lance('update', () =>
      this.#table.update({ valuesSql, where: predicate }),
    );
    return this.#wrote(result.version, { updated: result.rowsUpdated });
  }

  async restore(version: number): Promise<RestoreOutcome> {
    validateVersion(version);
    return this.#lance('restore', async () => {
      await this.#table.checkoutLatest();
      const latest = await this.#table.version();
      if (version > latest) {
        throw new OmniError(
          'not_found',
          `table '${this.name}' on branch '${this.branch}' has no version ${version} (latest is ${latest})`,
          { details: { table: this.name, branch: this.branch, version, latest } },
        );
      }
      if (version === latest) {
        this.#version = latest;
        return { version: latest, restored: false };
      }
      await this.#table.checkout(version);
      await this.#table.restore();
      this.#version = await this.#table.version();
      return { version: this.#version, restored: true };
    });
  }

  async optimize(): Promise<OptimizeOutcome> {
    return this.#lance('optimize', async () => {
      // Versions older than the epoch: none, so optimize prunes nothing (its default is 7 days).
      const stats = await this.#table.optimize({ cleanupOlderThan: new Date(0) });
      this.#version = await this.#table.version();
      return {
        version: this.#version,
        fragmentsRemoved: stats.compaction.fragmentsRemoved,
        fragmentsAdded: stats.compaction.fragmentsAdded,
      };
    });
  }

  async createIndex(request: IndexRequest): Promise<IndexOutcome> {
    return this.#lance(`create ${request.kind} index`, async () => {
      const created = await createIndex(this.#table, this.columns, request);
      this.#version = await this.#table.version();
      return { ...created, version: this.#version };
    });
  }

  async dropIndex(name: string): Promise<number> {
    return this.#lance('drop index', async () => {
      await this.#table.dropIndex(name);
      this.#version = await this.#table.version();
      return this.#version;
    });
  }

  async changeColumns(change: ColumnChange): Promise<number> {
    return this.#lance(`${change.kind} columns`, async () => {
      await this.#applyColumnChange(change);
      this.#version = await this.#table.version();
      this.#schema = await this.#table.schema();
      this.columns = columnsFromSchema(this.#schema);
      return this.#version;
    });
  }

  async #applyColumnChange(change: ColumnChange): Promise<void> {
    switch (change.kind) {
      case 'add':
        await this.#table.addColumns(
          change.columns.map(
            (column) => new arrow.Field(column.name, columnArrowType(column.type), true),
          ),
        );
        return;
      case 'rename':
        await this.#table.alterColumns([{ path: change.from, rename: change.to }]);
        return;
      case 'relax':
        await this.#table.alterColumns(change.names.map((path) => ({ path, nullable: true })));
        return;
      case 'drop':
        await this.#table.dropColumns([...change.names]);
        return;
      default:
        assertNever(change, 'column change');
    }
  }

  /** SQL assignments for an update, each value checked against its column. */
  #assignments(values: Row): Record<string, string> {
    const entries = Object.entries(values);
    if (entries.length === 0) throw new OmniError('bad_request', 'an update needs values to set');
    const assignments: Record<string, string> = {};
    for (const [name, value] of entries) {
      const column = this.columns.find((candidate) => candidate.name === name);
      if (column === undefined) {
        throw new OmniError('bad_request', `table '${this.name}' has no column '${name}'`, {
          details: { table: this.name, column: name },
        });
      }
      if (name === ID_COLUMN) {
        throw new OmniError('bad_request', `'${ID_COLUMN}' is the key and cannot be updated`);
      }
      assignments[name] = cellLiteral(column.type, checkCell(column, value));
    }
    return assignments;
  }

  #unchanged(): WriteOutcome {
    return { version: this.#version, inserted: 0, updated: 0, deleted: 0 };
  }

  #wrote(version: number, counts: Partial<Omit<WriteOutcome, 'version'>>): WriteOutcome {
    this.#version = version;
    return { version, inserted: 0, updated: 0, deleted: 0, ...counts };
  }

  async toReader(): Promise<TableReader> {
    const pin = { branch: this.branch, version: this.#version };
    const handle = await this.#lance('pin', () => pinnedHandle(this.#table));
    return pinnedReader(handle, this.#root, this.name, pin, this.columns);
  }

  #lance<T>(op: string, call: () => Promise<T>): Promise<T> {
    return withLanceError({ op, table: this.name, branch: this.branch }, this.#root, call);
  }
}

/** Runs after encoding, which has checked that every id is a non-null string. */
function rejectDuplicateIds(rows: readonly Row[]): void {
  const seen = new Set<unknown>();
  rows.forEach((row, index) => {
    const id = row[ID_COLUMN];
    if (seen.has(id)) {
      throw new OmniError('bad_request', `row ${index} repeats id '${String(id)}' in one merge`, {
        details: { column: ID_COLUMN, row: index },
      });
    }
    seen.add(id);
  });
}

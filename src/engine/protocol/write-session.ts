import { joinedLists } from '../../util/joined-lists.js';
import { OmniError } from '../../util/omni-error.js';
import type { ManifestEntry, IntentTable, WriterKind } from '../root/index.js';
import type { GraphContext } from './graph-context.js';
import { FencedWriter } from './fenced-writer.js';
import type { WriteFence } from './write-fence.js';
import type {
  Filter,
  Row,
  IndexOutcome,
  IndexRequest,
  ArrowRows,
  ColumnChange,
  ColumnSpec,
  Cell,
  EdgeEnds,
  OptimizeOutcome,
  RemovedRows,
  TableReader,
  TableWriter,
  WriteOutcome,
  WrittenRow,
} from '../lance/index.js';
import { decodeRows, ID_COLUMN, where } from '../lance/index.js';

/**
 * Rows (and ids) a session table keeps of what it wrote, for the read caches (see
 * `WrittenVersion`): a write that writes more keeps none, and the caches read the new version.
 */
const WRITTEN_ROWS_KEPT = 10_000;

/** No edge. */
const NO_EDGES: EdgeEnds = { src: [], dst: [] };

/** What a delete writes: no row (it keeps the rows written so far, none). */
const NOTHING_WRITTEN = { rows: [], merged: false } as const;

/**
 * Rows of an Arrow append (a merge's new rows, a load window) decoded for the read caches at
 * most: a few cost well under a millisecond; a bulk append keeps none.
 */
const ARROW_ROWS_DECODED = 1_000;

/** Whether a column holds binary values (a blob, or a list of them). */
function holdsBinary({ type }: ColumnSpec): boolean {
  const kind = type.kind === 'list' ? type.element.kind : type.kind;
  return kind === 'large_binary';
}

/**
 * One table being written inside a write session: every write goes to the graph branch's
 * Lance branch, and the session tracks the resulting version and row count for the manifest.
 */
export class SessionTable {
  readonly #writer: TableWriter;
  readonly #onWrite: () => void;
  /** Whether {@link mergeInsert} updates a single row in place (see there). */
  readonly #updatesInPlace: boolean;
  #rowCount: number;
  /** The rows written so far, in order, while every effect appended or merge-inserted them. */
  #written: WrittenRow[] | undefined = [];
  /** Rows removed before any row was written, by id (see {@link removedIds}). */
  #removedIds: readonly string[] = [];
  /** Their endpoints, when edges whose every endpoint is known (see {@link removedEdges}). */
  #removedEdges: EdgeEnds | undefined = NO_EDGES;

  /**
   * `updatesInPlace`: the table is on local disk, where {@link mergeInsert} writes a single row
   * through Lance's update.
   */
  constructor(writer: TableWriter, rowCount: number, onWrite: () => void, updatesInPlace: boolean) {
    this.#writer = writer;
    this.#rowCount = rowCount;
    this.#onWrite = onWrite;
    this.#updatesInPlace = updatesInPlace;
  }

  get version(): number {
    return this.#writer.version;
  }

  get rowCount(): number {
    return this.#rowCount;
  }

  /**
   * Runs a write; `written` holds its rows when it appends or merge-inserts them (removing no
   * row), with whether they were merged.
   */
  async #track(
    write: () => Promise<WriteOutcome>,
    written?: { readonly rows: readonly Row[]; readonly merged: boolean },
  ): Promise<WriteOutcome> {
    if (written === undefined) this.#written = undefined;
    const outcome = await write();
    this.#rowCount += outcome.inserted - outcome.deleted;
    if (outcome.inserted + outcome.updated + outcome.deleted > 0) this.#onWrite();
    if (written !== undefined && this.#written !== undefined) {
      const kept = this.#written.length + written.rows.length <= WRITTEN_ROWS_KEPT;
      const merged = written.merged;
      this.#written = kept
        ? joinedLists(
            this.#written,
            written.rows.map((row) => ({ row, merged })),
          )
        : undefined;
    }
    return outcome;
  }

  /**
   * The rows the session appended and merge-inserted, in order, when that is all it did to the
   * table but remove {@link removedIds} first (and they were few enough to keep); undefined
   * otherwise (see `WrittenVersion`).
   */
  writtenRows(): readonly WrittenRow[] | undefined {
    return this.#written;
  }

  /**
   * The ids of the rows the session removed before writing {@link writtenRows}, when it removed
   * any; undefined when it removed none, or when its rows are not kept.
   */
  removedIds(): readonly string[] | undefined {
    return this.#written === undefined || this.#removedIds.length === 0
      ? undefined
      : this.#removedIds;
  }

  /**
   * The endpoints of the edges among {@link removedIds}, when each delete knew them; undefined
   * otherwise.
   */
  removedEdges(): EdgeEnds | undefined {
    return this.removedIds() === undefined ? undefined : this.#removedEdges;
  }

  append(rows: readonly Row[]): Promise<WriteOutcome> {
    return this.#track(() => this.#writer.append(rows), { rows, merged: false });
  }

  /** Appends Arrow rows of a table of the same columns; see `TableWriter.appendArrow`. */
  appendArrow(data: ArrowRows): Promise<WriteOutcome> {
    const rows =
      this.#written !== undefined && data.numRows <= ARROW_ROWS_DECODED
        ? decodeRows(data)
        : undefined;
    return this.#track(
      () => this.#writer.appendArrow(data),
      rows === undefined ? undefined : { rows, merged: false },
    );
  }

  /**
   * Upserts rows by id (see `TableWriter.mergeInsert`). A single row on local disk is written
   * through Lance's update of the row with its id, every column set: a merge insert of one row
   * costs Lance a join with the table, about twice an update on a small table (measured 4.9
   * against 2.8 ms). When no row has the id, the update changes nothing (Lance still commits a
   * version) and the row is appended. On object storage the row is merge-inserted: Lance's
   * update reads the row's data file twice in a row, one round trip more (9 serial requests for
   * a single-row update instead of 8). So is a row of a table with binary columns: a blob would
   * reach Lance as SQL text.
   */
  mergeInsert(rows: readonly Row[]): Promise<WriteOutcome> {
    const [row] = rows;
    const columns = this.#writer.columns;
    const write =
      rows.length === 1 && row !== undefined && this.#updatesInPlace && !columns.some(holdsBinary)
        ? () => this.#updateOrAppend(row)
        : () => this.#writer.mergeInsert(rows);
    return this.#track(write, { rows, merged: true });
  }

  /** Lance's update of the row with `row`'s id, every column set; an append when there is none. */
  async #updateOrAppend(row: Row): Promise<WriteOutcome> {
    const values: Record<string, Cell> = {};
    for (const { name } of this.#writer.columns)
      if (name !== ID_COLUMN) values[name] = row[name] ?? null;
    const replaced = await this.#writer.update(where.eq(ID_COLUMN, String(row[ID_COLUMN])), values);
    return replaced.updated > 0 ? replaced : this.#writer.append([row]);
  }

  /**
   * Deletes the rows `filter` matches. `removed`, the rows it matches by id (and for edges their
   * endpoints), lets the read caches carry theirs over the removal ({@link removedIds}): they are
   * kept when no row was written before and Lance deleted exactly that many rows. A caller that
   * knows the filter matches a row (`removesRows`: it found one in the version written from)
   * spares the count that keeps a delete of nothing from committing a version: at 1M persons,
   * 25–30 ms on the edge table for the edges of a person deleted.
   */
  async delete(filter: Filter, removed?: RemovedRows, removesRows = false): Promise<WriteOutcome> {
    if (!removesRows && (await this.#matchesNothing(filter))) return this.#unchanged();
    const kept = this.#removedIds.length + (removed?.ids.length ?? 0);
    if (removed === undefined || this.#written?.length !== 0 || kept > WRITTEN_ROWS_KEPT)
      return this.#track(() => this.#writer.delete(filter));
    const outcome = await this.#track(() => this.#writer.delete(filter), NOTHING_WRITTEN);
    if (outcome.deleted !== removed.ids.length) {
      this.#written = undefined;
      return outcome;
    }
    const [before, ends] = [this.#removedEdges, removed.ends];
    this.#removedIds = joinedLists(this.#removedIds, removed.ids);
    this.#removedEdges =
      before === undefined || ends === undefined
        ? undefined
        : { src: joinedLists(before.src, ends.src), dst: joinedLists(before.dst, ends.dst) };
    return outcome;
  }

  async update(filter: Filter, values: Row): Promise<WriteOutcome> {
    if (await this.#matchesNothing(filter)) return this.#unchanged();
    return this.#track(() => this.#writer.update(filter, values));
  }

  /**
   * Lance commits a version for a delete or update that matches nothing. Such a version changes
   * no row but moves the head past the pin, and only a restore (a new version, which a commit
   * must then pin) could bring the table back: a write that changes nothing would have to
   * publish. So those calls are skipped.
   */
  async #matchesNothing(filter: Filter): Promise<boolean> {
    // Counted on the writer's own handle: these versions are unpublished, so they stay out of
    // the shared reader cache (a rolled-back fork may reuse their numbers).
    return this.#rowCount === 0 || (await this.#writer.count(filter)) === 0;
  }

  #unchanged(): WriteOutcome {
    return { version: this.#writer.version, inserted: 0, updated: 0, deleted: 0 };
  }

  /**
   * The reader of the version written, once the session has no more to write (see
   * `TableWriter.toReader`).
   */
  toReader(): Promise<TableReader> {
    return this.#writer.toReader();
  }

  /** Compacts the table (Lance's optimize); the new version is published with the commit. */
  async optimize(): Promise<OptimizeOutcome> {
    this.#written = undefined;
    const before = this.#writer.version;
    const outcome = await this.#writer.optimize();
    if (outcome.version !== before) this.#onWrite();
    return outcome;
  }

  /** Builds (or rebuilds) an index; its table version is published with the session's commit. */
  async createIndex(request: IndexRequest): Promise<IndexOutcome> {
    this.#written = undefined;
    const outcome = await this.#writer.createIndex(request);
    this.#onWrite();
    return outcome;
  }

  /** Changes the table's columns (schema apply); the version is published with the commit. */
  async changeColumns(change: ColumnChange): Promise<number> {
    this.#written = undefined;
    const version = await this.#writer.changeColumns(change);
    this.#onWrite();
    return version;
  }
}

/**
 * The table effects of one write, on the tables its plan declared. Opening a table that has
 * no Lance branch for this graph branch yet forks it first (lazy fork). Opening puts a table
 * whose Lance head is past its pin back to the pin first: under the lease and the branch's gate
 * nobody else writes it, so those versions are a dead or fenced-out writer's. Undoing a session
 * is recovery's `rollBackWrite` over {@link WriteSession.touched}.
 */
export class WriteSession {
  readonly #ctx: GraphContext;
  readonly #kind: WriterKind;
  readonly #intent: ReadonlyMap<string, IntentTable>;
  readonly #base: Readonly<Record<string, ManifestEntry>>;
  readonly #fence: WriteFence;
  readonly #open = new Map<string, Promise<SessionTable>>();
  /** Lance writers opened ahead of the session's first effect (see {@link openAhead}). */
  readonly #ahead = new Map<string, Promise<TableWriter>>();
  /** The Lance writers under the session's tables, by table key (see {@link keepWriters}). */
  readonly #writers = new Map<string, TableWriter>();
  #changed = false;

  constructor(
    ctx: GraphContext,
    kind: WriterKind,
    base: Readonly<Record<string, ManifestEntry>>,
    intent: readonly IntentTable[],
    fence: WriteFence,
  ) {
    this.#ctx = ctx;
    this.#kind = kind;
    this.#base = base;
    this.#intent = new Map(intent.map((t) => [t.tableKey, t]));
    this.#fence = fence;
  }

  /** True once any table effect changed rows. */
  get changed(): boolean {
    return this.#changed;
  }

  /**
   * Starts opening the Lance writers of the declared tables that are already on the graph
   * branch's Lance branch: opening only reads, so it may overlap the intent's write. Tables that
   * fork first, or that the write creates, open when used.
   */
  openAhead(): void {
    for (const [tableKey, intent] of this.#intent) {
      const entry = this.#base[tableKey];
      if (intent.forksBranch || intent.pinnedVersion === null || !entry) continue;
      const opening = this.#ctx.root.tables.writer(entry.table, intent.lanceBranch, {
        reuseAt: entry.version,
      });
      // A table the write ends up not using must not fail it.
      opening.catch(() => undefined);
      this.#ahead.set(tableKey, opening);
    }
  }

  /** The writable table of a declared table key. */
  table(tableKey: string): Promise<SessionTable> {
    let pending = this.#open.get(tableKey);
    if (!pending) {
      pending = this.#openTable(tableKey);
      this.#open.set(tableKey, pending);
    }
    return pending;
  }

  async #openTable(tableKey: string): Promise<SessionTable> {
    const intent = this.#intent.get(tableKey);
    const entry = this.#base[tableKey];
    if (!intent || !entry)
      throw new OmniError('internal', `write did not declare table ${tableKey}`);
    await this.#fence.check();
    if (intent.pinnedVersion === null && !intent.forksBranch)
      return this.#openReplacement(entry, intent);
    if (intent.forksBranch) await this.#fork(entry, intent.lanceBranch);
    const opened = await (this.#ahead.get(tableKey) ??
      this.#ctx.root.tables.writer(
        entry.table,
        intent.lanceBranch,
        intent.forksBranch ? undefined : { reuseAt: entry.version },
      ));
    this.#writers.set(tableKey, opened);
    const writer = this.#fenced(opened, intent);
    if (writer.version < entry.version) {
      throw new OmniError(
        'internal',
        `table '${entry.table}' on branch '${intent.lanceBranch}' is at version ${writer.version}, behind its pin ${entry.version}`,
      );
    }
    if (writer.version > entry.version) await writer.restore(entry.version);
    if (intent.forksBranch) {
      const lost = await this.#ctx.root.tables.indexesLostInFork(entry.table, entry);
      for (const name of lost) await writer.dropIndex(name);
    }
    return this.#sessionTable(writer, entry.rowCount);
  }

  /**
   * Creates the table the write declared in place of the base's table of its key (a large
   * overwrite, or a large load into a table never written: `docs/reference/storage-layout.md`),
   * with the same columns, on the graph branch's Lance branch. Undoing the write drops it,
   * leaving no trace.
   */
  async #openReplacement(entry: ManifestEntry, intent: IntentTable): Promise<SessionTable> {
    const { tables } = this.#ctx.root;
    const { columns } = await tables.reader(entry.table, entry);
    const pin = await this.#fence.effect(() => tables.createTable(intent.table, columns));
    if (intent.lanceBranch !== pin.branch)
      await this.#fence.effect(() => tables.createBranch(intent.table, intent.lanceBranch, pin));
    const opened = await tables.writer(intent.table, intent.lanceBranch);
    this.#writers.set(intent.tableKey, opened);
    return this.#sessionTable(this.#fenced(opened, intent), 0);
  }

  #fenced(opened: TableWriter, intent: IntentTable): FencedWriter {
    const { tables } = this.#ctx.root;
    return new FencedWriter(opened, {
      fence: this.#fence,
      beforeWrite: () => {
        this.#ctx.failpoints.reach(`${this.#kind}.before_table_write`);
      },
      headVersion: () => tables.headVersion(intent.table, intent.lanceBranch),
    });
  }

  #sessionTable(writer: FencedWriter, rowCount: number): SessionTable {
    const onWrite = () => {
      if (this.#changed) return;
      this.#changed = true;
      this.#ctx.failpoints.reach(`${this.#kind}.after_table_effect`);
    };
    return new SessionTable(writer, rowCount, onWrite, this.#ctx.root.tables.local);
  }

  /**
   * Forks the graph branch's Lance branch of a table from its pin (a lazy fork). A fork that is
   * already there is a write's that never published (writes do not delete forks: see recovery):
   * it was forked from this same pin, and opening it restores the pin's content.
   */
  async #fork(entry: ManifestEntry, lanceBranch: string): Promise<void> {
    await this.#fence.effect(async () => {
      try {
        await this.#ctx.root.tables.createBranch(entry.table, lanceBranch, {
          branch: entry.branch,
          version: entry.version,
        });
      } catch (error) {
        if (!(error instanceof OmniError && error.code === 'conflict')) throw error;
      }
    });
  }

  /** New manifest entries of the tables this session wrote. */
  async entries(): Promise<Record<string, ManifestEntry>> {
    const entries: Record<string, ManifestEntry> = {};
    for (const [key, pending] of this.#open) {
      const table = await pending;
      const intent = this.#intent.get(key);
      const base = this.#base[key];
      if (!intent || !base) continue;
      entries[key] = {
        table: intent.table,
        branch: intent.lanceBranch,
        version: table.version,
        rowCount: table.rowCount,
      };
    }
    return entries;
  }

  /** Keys of the tables this session opened (the only ones it may have changed). */
  get touched(): ReadonlySet<string> {
    return new Set(this.#open.keys());
  }

  /**
   * Once the write is published, keeps its Lance writers for the next write of their branches
   * (see `LanceTables.keepWriter`): each is at the version the new head pins, those opened
   * ahead and not used at the one the head kept.
   */
  async keepWriters(): Promise<void> {
    const ahead = await Promise.all(
      [...this.#ahead]
        .filter(([key]) => !this.#writers.has(key))
        .map(([, opening]) => opening.catch(() => undefined)),
    );
    const { tables } = this.#ctx.root;
    for (const writer of [...this.#writers.values(), ...ahead])
      if (writer !== undefined) tables.keepWriter(writer);
  }
}

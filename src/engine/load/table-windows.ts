import type { LoadMode, LoadProgress } from '../../api/load-output.js';
import { arrow, rowDecoder, where, type ArrowRows } from '../lance/index.js';
import type { WriteSession } from '../protocol/index.js';
import type { Snapshot, SnapshotLookups } from '../snapshot/index.js';
import { changedRows } from './changed-rows.js';
import type { StageClock } from './load-stages.js';
import type { EncodedBatch } from './batch-encoder.js';

/**
 * When a table's rows are written: whichever bound a window reaches first (rows encoded batch by
 * batch come a batch at a time, so a window may pass its bounds by one batch).
 */
export interface WindowBounds {
  /** Most rows per table per Lance write. */
  readonly rows: number;
  /** Most input characters of the rows of one table held for one Lance write. */
  readonly chars: number;
}

/** What the window writer needs besides the rows. */
export interface WindowContext {
  readonly session: WriteSession;
  readonly mode: LoadMode;
  /** The snapshot validated against: a merge compares its rows with the stored ones. */
  readonly base: Snapshot;
  readonly bounds: WindowBounds;
  readonly clock: StageClock;
  /**
   * Rows the load writes per table key, when known before it writes (a checked load): for
   * progress, and to judge the lookups of a merge (see changedRows). Undefined when unknown
   * until the input ends.
   */
  readonly planned: ReadonlyMap<string, number> | undefined;
  readonly progress: (progress: LoadProgress) => void;
}

/** Rows of one table waiting for their write, Arrow encoded batch by batch. */
interface Window {
  tables: ArrowRows[];
  /**
   * Positions in the window of the rows whose id the load generated, in a window whose rows
   * are compared (see changedRows); empty in any other.
   */
  minted: Set<number>;
  count: number;
  chars: number;
}

/**
 * Writes a load's rows in bounded windows per table: each window is one Lance write of the
 * session (an append, or a merge insert of the rows that change something), so memory holds a
 * window per table whatever the load's size, and the session publishes all of them as one
 * commit. A window's write runs while the next rows are parsed, one write at a time (a full
 * window waits for the write in flight; see {@link flushReady}), so Lance and parsing overlap;
 * the last windows are written together ({@link finish}).
 */
export class WindowWriter {
  readonly #ctx: WindowContext;
  readonly #windows = new Map<string, Window>();
  readonly #cleared = new Set<string>();
  /** The writes in flight; they never reject: a failure is kept in `#failure`. */
  #inflight: Promise<void> = Promise.resolve();
  /** Writes in flight. */
  #running = 0;
  /** Set once the load stops: no write starts after it. */
  #stopped = false;
  /**
   * Openings of tables whose first rows arrived, not yet waited for (see {@link flushReady});
   * they never reject.
   */
  #openings: Promise<unknown>[] = [];
  #failure: { readonly error: unknown } | undefined;
  #written = 0;
  /** Rows the load writes in all, for progress; undefined when unknown until the input ends. */
  readonly #total: number | undefined;
  /** The base's lookups, one for the load: what they read whole serves every window. */
  readonly #lookups: SnapshotLookups;

  constructor(ctx: WindowContext) {
    this.#ctx = ctx;
    this.#total = ctx.planned && [...ctx.planned.values()].reduce((sum, rows) => sum + rows, 0);
    this.#lookups = ctx.base.lookups();
  }

  /** Adds rows encoded already; true when their window is full and should be flushed. */
  addTable(encoded: EncodedBatch): boolean {
    const window = this.#window(encoded.key);
    // Only a compared window looks ids up; another's would hold them for nothing.
    if (this.#comparesRows(encoded.key))
      for (const position of encoded.minted) window.minted.add(window.count + position);
    window.tables.push(encoded.table);
    window.count += encoded.rows;
    window.chars += encoded.chars;
    return this.#full(window);
  }

  /**
   * Whether table `key`'s rows are compared with the stored ones: those of a merge into a table
   * that holds rows. Into an empty table a merge inserts every row (a load's ids are distinct),
   * which is an append.
   */
  #comparesRows(key: string): boolean {
    return this.#ctx.mode === 'merge' && this.#ctx.base.entry(key).rowCount > 0;
  }

  /** Writes every window that is full. */
  async flushFull(): Promise<void> {
    for (const [key, window] of this.#windows) {
      if (this.#full(window)) await this.#flush(key);
    }
  }

  /**
   * Writes every full window and, when no write is in flight, the largest window worth a write
   * (half full; see `#worthWriting`), as each write does when it ends: Lance, which writes a
   * window at a time, is not left idle while parsed rows wait. Parsing and Lance's writes take
   * about as long on a small machine, so waiting for a full window left Lance idle for its
   * parse: at a load's start, and each time the input turns to another type (the 100k-person
   * load's Lance was idle ~0.2 s of 1.3 s), and waiting for the next read's end, ~10 ms a write.
   */
  async flushReady(): Promise<void> {
    // Opening a table takes a few milliseconds of requests, each continued on this thread: run
    // beside the parse, each waited for a whole read's parse, and a new table took 60-90 ms to
    // open, with Lance idle by the time it was wanted (100k load: median 1.32 -> 1.16 s).
    const openings = this.#openings;
    this.#openings = [];
    await Promise.all(openings);
    await this.flushFull();
    this.#writeIfIdle();
  }

  /** Starts writing the largest window worth a write, when no write is in flight. */
  #writeIfIdle(): void {
    if (this.#running > 0 || this.#stopped || this.#failure) return;
    let largest: [string, Window] | undefined;
    for (const entry of this.#windows)
      if (entry[1].chars > (largest?.[1].chars ?? 0)) largest = entry;
    if (largest && this.#worthWriting(largest[1]))
      this.#inflight = this.#startWrite(largest[0]) ?? this.#inflight;
  }

  /**
   * Writes what is left and waits for every write. The last windows are of different tables, so
   * their writes run together: one at a time, each write's fixed cost (some milliseconds of
   * commit on Lance's side) added up at the end of every load.
   */
  async finish(): Promise<void> {
    await this.#settled();
    const writes: Promise<void>[] = [];
    for (const key of [...this.#windows.keys()]) {
      const write = this.#startWrite(key);
      if (write) writes.push(write);
    }
    this.#inflight = Promise.all(writes).then(() => undefined);
    await this.#settled();
  }

  /**
   * Waits for the writes in flight and the tables being opened, ignoring their failures: a load
   * that stops for another reason must not leave a write, or a table's creation, running while
   * its session is rolled back.
   */
  async abandon(): Promise<void> {
    this.#stopped = true;
    while (this.#running > 0) await this.#inflight;
    await Promise.all(this.#openings);
  }

  #window(key: string): Window {
    let window = this.#windows.get(key);
    if (!window) {
      window = emptyWindow();
      this.#windows.set(key, window);
      // A compared window may write nothing, and opening may fork the table: it opens when used.
      if (!this.#comparesRows(key)) this.#openAhead(key);
    }
    return window;
  }

  /**
   * Starts opening table `key` when its first rows arrive, so that it is ready for their write
   * (a table the load creates is created then). A failure surfaces where the write awaits the
   * table.
   */
  #openAhead(key: string): void {
    this.#openings.push(this.#ctx.session.table(key).catch(() => undefined));
  }

  #full(window: Window): boolean {
    const { bounds } = this.#ctx;
    return window.count >= bounds.rows || window.chars >= bounds.chars;
  }

  /**
   * Whether a window is worth a write before it is full: half full. Every write is a fragment of
   * the table until `optimize` compacts it, and scans pay for each: writing an eighth of a window
   * early doubled the 1M load's fragments (knows 105 -> 223) and its next single-edge commit
   * (54 -> 100 ms), for no gain in load time over half.
   */
  #worthWriting(window: Window): boolean {
    const { bounds } = this.#ctx;
    return window.count >= bounds.rows / 2 || window.chars >= bounds.chars / 2;
  }

  /** Writes window `key` once the write in flight has ended. */
  async #flush(key: string): Promise<void> {
    await this.#settled();
    this.#inflight = this.#startWrite(key) ?? this.#inflight;
  }

  /**
   * Starts writing window `key` (none when it is empty) and empties it. The write never
   * rejects: its failure is kept in `#failure`.
   */
  #startWrite(key: string): Promise<void> | undefined {
    const window = this.#windows.get(key);
    if (!window || window.count === 0) return undefined;
    this.#windows.set(key, emptyWindow());
    const { clock } = this.#ctx;
    clock.times.windows += 1;
    this.#running += 1;
    return clock
      .timeAsync('writeMs', this.#writeOf(key, window))
      .then(() => {
        this.#written += window.count;
        this.#ctx.progress({ phase: 'write', done: this.#written, total: this.#total });
      })
      .catch((error: unknown) => {
        this.#failure = { error };
      })
      .finally(() => {
        this.#running -= 1;
        this.#writeIfIdle();
      });
  }

  /**
   * Waits until no write is in flight (one that ends may start the next); raises a failure.
   */
  async #settled(): Promise<void> {
    while (this.#running > 0) await this.#inflight;
    if (this.#failure) throw this.#failure.error;
  }

  /**
   * The Lance write of one window: for a merge into a table that holds rows, an append of the
   * new rows and a merge insert of the changed ones; else an append of the window.
   */
  #writeOf(key: string, window: Window): () => Promise<void> {
    const { session, mode, base } = this.#ctx;
    // The append checks the batches' columns against the table's.
    const data = new arrow.Table(window.tables.flatMap((t) => t.batches));
    if (this.#comparesRows(key)) {
      return async () => {
        // Only new and changed rows: a merge that changes nothing writes no table version.
        const { added, modified } = await changedRows(base, key, data, {
          minted: window.minted,
          lookups: this.#lookups,
          planned: this.#ctx.planned?.get(key),
        });
        if (added.length + modified.length === 0) return;
        const table = await session.table(key);
        const rowAt = rowDecoder(data);
        if (added.length === data.numRows) await table.appendArrow(data);
        else if (added.length > 0) await table.append(added.map(rowAt));
        if (modified.length > 0) await table.mergeInsert(modified.map(rowAt));
      };
    }
    return async () => {
      const table = await session.table(key);
      if (mode === 'overwrite' && !this.#cleared.has(key)) {
        this.#cleared.add(key);
        if (table.rowCount > 0) await table.delete(where.isNotNull('id'));
      }
      await table.appendArrow(data);
    };
  }
}

function emptyWindow(): Window {
  return { tables: [], minted: new Set(), count: 0, chars: 0 };
}

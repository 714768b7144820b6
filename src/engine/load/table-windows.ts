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
 * commit. A full window's write runs while the next rows are parsed, one write at a time (the
 * next window waits for it), so Lance and parsing overlap.
 */
export class WindowWriter {
  readonly #ctx: WindowContext;
  readonly #windows = new Map<string, Window>();
  readonly #cleared = new Set<string>();
  /** The write in flight; it never rejects: its failure is kept in `#failure`. */
  #inflight: Promise<void> = Promise.resolve();
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

  /** Writes what is left and waits for every write. */
  async finish(): Promise<void> {
    for (const key of [...this.#windows.keys()]) await this.#flush(key);
    await this.#settled();
  }

  /**
   * Waits for the write in flight, ignoring its failure: a load that stops for another reason
   * must not leave a write running while its session is rolled back.
   */
  async abandon(): Promise<void> {
    await this.#inflight;
  }

  #window(key: string): Window {
    let window = this.#windows.get(key);
    if (!window) {
      window = emptyWindow();
      this.#windows.set(key, window);
    }
    return window;
  }

  #full(window: Window): boolean {
    const { bounds } = this.#ctx;
    return window.count >= bounds.rows || window.chars >= bounds.chars;
  }

  async #flush(key: string): Promise<void> {
    const window = this.#windows.get(key);
    if (!window || window.count === 0) return;
    this.#windows.set(key, emptyWindow());
    const write = this.#writeOf(key, window);
    await this.#settled();
    const { clock } = this.#ctx;
    clock.times.windows += 1;
    this.#inflight = clock
      .timeAsync('writeMs', write)
      .then(() => {
        this.#written += window.count;
        this.#ctx.progress({ phase: 'write', done: this.#written, total: this.#total });
      })
      .catch((error: unknown) => {
        this.#failure = { error };
      });
  }

  /** Waits for the write in flight; raises its failure. */
  async #settled(): Promise<void> {
    await this.#inflight;
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

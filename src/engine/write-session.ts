import { OmniError } from '../util/omni-error.js';
import type { ManifestEntry } from './commit-record.js';
import { failpoint } from './failpoints.js';
import type { GraphRoot } from './graph-root.js';
import type { Filter } from './lance/filter.js';
import type { Row } from './lance/row.js';
import type { TableWriter, WriteOutcome } from './lance/table-writer.js';
import type { IntentTable, WriterKind } from './recovery-intent.js';
import { undoTableEffect } from './recovery.js';

/**
 * One table being written inside a write session: every write goes to the graph branch's
 * Lance branch, and the session tracks the resulting version and row count for the manifest.
 */
export class SessionTable {
  readonly #writer: TableWriter;
  readonly #onWrite: () => void;
  #rowCount: number;

  constructor(writer: TableWriter, rowCount: number, onWrite: () => void) {
    this.#writer = writer;
    this.#rowCount = rowCount;
    this.#onWrite = onWrite;
  }

  get version(): number {
    return this.#writer.version;
  }

  get rowCount(): number {
    return this.#rowCount;
  }

  async #track(write: Promise<WriteOutcome>): Promise<WriteOutcome> {
    const outcome = await write;
    this.#rowCount += outcome.inserted - outcome.deleted;
    if (outcome.inserted + outcome.updated + outcome.deleted > 0) this.#onWrite();
    return outcome;
  }

  append(rows: readonly Row[]): Promise<WriteOutcome> {
    return this.#track(this.#writer.append(rows));
  }

  mergeInsert(rows: readonly Row[]): Promise<WriteOutcome> {
    return this.#track(this.#writer.mergeInsert(rows));
  }

  delete(filter: Filter): Promise<WriteOutcome> {
    return this.#track(this.#writer.delete(filter));
  }

  update(filter: Filter, values: Row): Promise<WriteOutcome> {
    return this.#track(this.#writer.update(filter, values));
  }
}

/**
 * The table effects of one write, on the tables its plan declared. Opening a table that has
 * no Lance branch for this graph branch yet forks it first (lazy fork). `rollback` undoes
 * whatever was done, as recovery would.
 */
export class WriteSession {
  readonly #root: GraphRoot;
  readonly #kind: WriterKind;
  readonly #intent: ReadonlyMap<string, IntentTable>;
  readonly #base: Readonly<Record<string, ManifestEntry>>;
  readonly #open = new Map<string, Promise<SessionTable>>();
  #changed = false;

  constructor(
    root: GraphRoot,
    kind: WriterKind,
    base: Readonly<Record<string, ManifestEntry>>,
    intent: readonly IntentTable[],
  ) {
    this.#root = root;
    this.#kind = kind;
    this.#base = base;
    this.#intent = new Map(intent.map((t) => [t.tableKey, t]));
  }

  /** True once any table effect changed rows. */
  get changed(): boolean {
    return this.#changed;
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
    if (intent.forksBranch) {
      await this.#root.tables.createBranch(entry.table, intent.lanceBranch, {
        branch: entry.branch,
        version: entry.version,
      });
    }
    const writer = await this.#root.tables.writer(entry.table, intent.lanceBranch, {
      expectedVersion: entry.version,
    });
    return new SessionTable(writer, entry.rowCount, () => {
      if (!this.#changed) {
        this.#changed = true;
        failpoint(`${this.#kind}.after_table_effect`);
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
        table: base.table,
        branch: intent.lanceBranch,
        version: table.version,
        rowCount: table.rowCount,
      };
    }
    return entries;
  }

  /** Undoes every table effect of this session. */
  async rollback(): Promise<void> {
    for (const key of this.#open.keys()) {
      const intent = this.#intent.get(key);
      if (intent) await undoTableEffect(this.#root, intent);
    }
  }
}

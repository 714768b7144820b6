import { OmniError } from '../../util/omni-error.js';
import type {
  TableReader,
  ArrowRows,
  ColumnChange,
  ColumnSpec,
  Filter,
  IndexOutcome,
  IndexRequest,
  OptimizeOutcome,
  RestoreOutcome,
  Row,
  TableWriter,
  WriteOutcome,
} from '../lance/index.js';
import type { WriteFence } from './write-fence.js';

/** How often one table effect runs again after meeting a foreign version. */
const EFFECT_ATTEMPTS = 3;

/** What a fenced writer needs from its write besides the Lance writer. */
export interface FenceContext {
  readonly fence: WriteFence;
  /** Reaches the writer's `before_table_write` failpoint. */
  readonly beforeWrite: () => void;
  /** The table's Lance head now, whoever committed it. */
  readonly headVersion: () => Promise<number>;
}

/**
 * A table writer of a write session: every effect is fenced (the writer lease is checked just
 * before it) and must land on the session's own last version. Lance commits a write on top of
 * whatever the table's head is by then: a writer that lost the lease, paused right after its own
 * check, may commit a version meanwhile, and Lance then rebases this write onto it (publishing
 * that writer's rows too) or refuses it (behind a restore). Either way the table goes back to
 * the session's own last version (a restore, which also makes Lance refuse that writer's later
 * commits) and the effect runs again.
 */
export class FencedWriter implements TableWriter {
  readonly #writer: TableWriter;
  readonly #context: FenceContext;

  constructor(writer: TableWriter, context: FenceContext) {
    this.#writer = writer;
    this.#context = context;
  }

  get name(): string {
    return this.#writer.name;
  }

  get branch(): string {
    return this.#writer.branch;
  }

  get columns(): readonly ColumnSpec[] {
    return this.#writer.columns;
  }

  get version(): number {
    return this.#writer.version;
  }

  count(filter?: Filter): Promise<number> {
    return this.#writer.count(filter);
  }

  /** Reading commits nothing: no fence. */
  toReader(): Promise<TableReader> {
    return this.#writer.toReader();
  }

  append(rows: readonly Row[]): Promise<WriteOutcome> {
    return this.#oneVersion(() => this.#writer.append(rows));
  }

  appendArrow(data: ArrowRows): Promise<WriteOutcome> {
    return this.#oneVersion(() => this.#writer.appendArrow(data));
  }

  mergeInsert(rows: readonly Row[]): Promise<WriteOutcome> {
    return this.#oneVersion(() => this.#writer.mergeInsert(rows));
  }

  delete(filter: Filter): Promise<WriteOutcome> {
    return this.#oneVersion(() => this.#writer.delete(filter));
  }

  update(filter: Filter, values: Row): Promise<WriteOutcome> {
    return this.#oneVersion(() => this.#writer.update(filter, values));
  }

  restore(version: number): Promise<RestoreOutcome> {
    return this.#context.fence.effect(() => this.#writer.restore(version));
  }

  /** Compaction may commit several versions: what proves it landed cleanly is its row count. */
  async optimize(): Promise<OptimizeOutcome> {
    const rows = await this.#writer.count();
    return this.#effect(
      () => this.#writer.optimize(),
      async () => (await this.#writer.count()) === rows,
    );
  }

  createIndex(request: IndexRequest): Promise<IndexOutcome> {
    return this.#oneVersion(() => this.#writer.createIndex(request));
  }

  dropIndex(name: string): Promise<number> {
    return this.#oneVersion(() => this.#writer.dropIndex(name));
  }

  changeColumns(change: ColumnChange): Promise<number> {
    return this.#oneVersion(() => this.#writer.changeColumns(change));
  }

  /** An effect that commits at most one version, right on top of the session's. */
  #oneVersion<T>(run: () => Promise<T>): Promise<T> {
    return this.#effect(run, (from) => Promise.resolve(this.#writer.version <= from + 1));
  }

  /** Runs an effect under the fence; `clean` tells whether it landed right on `from`. */
  async #effect<T>(run: () => Promise<T>, clean: (from: number) => Promise<boolean>): Promise<T> {
    let reset: number | undefined;
    for (let attempt = 1; ; attempt += 1) {
      let from = this.#writer.version;
      let result: T;
      try {
        result = await this.#context.fence.effect(async () => {
          if (reset !== undefined) await this.#writer.restore(reset);
          this.#context.beforeWrite();
          from = this.#writer.version;
          return run();
        });
      } catch (error) {
        if (attempt === EFFECT_ATTEMPTS || !(await this.#movedSince(from))) throw error;
        reset = from;
        continue;
      }
      if (await clean(from)) return result;
      if (attempt === EFFECT_ATTEMPTS) throw this.#foreignVersions();
      reset = from;
    }
  }

  /** Whether the table's head is past `from`: a failed effect met a foreign version. */
  async #movedSince(from: number): Promise<boolean> {
    return (await this.#context.headVersion().catch(() => from)) > from;
  }

  #foreignVersions(): OmniError {
    const { name, branch } = this.#writer;
    return new OmniError(
      'conflict',
      `table '${name}' on branch '${branch}' kept receiving versions from another writer; nothing was published: retry the write`,
      { details: { table: name, branch } },
    );
  }
}

import type { Catalog, EdgeType, NodeType } from '../../compiler/catalog/catalog.js';
import { replacementTableNameFor, type CommitRecord, type ManifestEntry } from '../root/index.js';
import { runWrite, type WritePlan, type GraphContext } from '../protocol/index.js';
import type { Snapshot } from '../snapshot/index.js';
import type { LoadRecord } from './graph-batch-record.js';
import type { LoadMode, LoadProgress } from '../../api/load-output.js';
import { BatchEncoder, type TableColumns } from './batch-encoder.js';
import { CREATED_TABLE_VERSION, MAIN_BRANCH, type ColumnSpec } from '../lance/index.js';
import { StageClock } from './load-stages.js';
import { LoadValidator, type LoadValidation } from './load-validation.js';
import {
  BATCH_BYTES,
  rereadable,
  sourceSize,
  type ByteSource,
  type LoadSource,
} from './ndjson-source.js';
import { recordBatches } from './record-batches.js';
import {
  encodedBatches,
  validatedBatches,
  type EncodedBatchOptions,
  type EntitySink,
} from './encoded-batches.js';
import { WindowWriter, type WindowBounds } from './table-windows.js';
import { settleAll } from '../../util/settle-all.js';

/** Rows written per table per Lance write: bounds memory whatever the load's size. */
export const LOAD_BATCH_ROWS = 50_000;
const PROGRESS_EVERY = 10_000;
/** Kept records encoded at a time: a batch of parsed lines' worth. */
const KEPT_ENCODE_RECORDS = 4_096;

/**
 * How a load bounds its memory. The defaults suit any load; tests make them small to cross
 * every boundary with a few lines.
 */
export interface LoadTuning {
  /** When a table's rows are written (see {@link WindowBounds}). */
  readonly window: WindowBounds;
  /**
   * Input up to this size (characters of a text, bytes otherwise) is parsed once: the
   * validation pass keeps its records for the write pass. A larger input is read and parsed
   * again, so memory stays bounded, unless it streams into new tables (see StreamedPlan).
   */
  readonly keepChars: number;
  /** Input read and parsed at a time (see {@link BATCH_BYTES}). */
  readonly batchBytes: number;
  /** Input read at a time as bytes, from a file or bytes not kept (see {@link BYTE_BATCH_BYTES}). */
  readonly byteBatchBytes: number;
}

/**
 * Input read at a time as bytes, from a file or bytes a load does not keep (see encodedBatches).
 * Larger than {@link BATCH_BYTES}: reading bytes into column builders makes no garbage per line,
 * and each read waits on the event loop, which a Lance write busy on both cores of a small
 * machine delays (128 KiB reads spent 0.6 s of a 1.7 s load waiting; 1 MiB reads, 0.2 s).
 */
const BYTE_BATCH_BYTES = 1024 * 1024;

/**
 * The default tuning. A window of 8 Mi input characters, or 100k rows, holds a few megabytes of
 * Arrow per table, and is large enough that Lance's cost per write stays small: each write costs
 * some tens of milliseconds whatever its size, and writes run one at a time (windows of 50k rows
 * made the 10M-edge load 35% slower; 250k rows, no faster than 100k, took 50 MB more). Records
 * of an input up to 8 Mi are kept: some tens of megabytes.
 */
export const DEFAULT_LOAD_TUNING: LoadTuning = {
  window: { rows: 2 * LOAD_BATCH_ROWS, chars: 8 * 1024 * 1024 },
  keepChars: 8 * 1024 * 1024,
  batchBytes: BATCH_BYTES,
  byteBatchBytes: BYTE_BATCH_BYTES,
};

/** A load's plan: validated before any write ({@link CheckedPlan}), or while it writes. */
type LoadPlan = CheckedPlan | StreamedPlan;

/** A load validated whole by a first pass: its write pass writes the base's tables. */
interface CheckedPlan extends WritePlan {
  readonly kind: 'checked';
  readonly validation: LoadValidation;
  /** Records from the validation pass, when the load was small enough to keep them. */
  readonly kept: readonly LoadRecord[] | undefined;
  /** The catalog the records were validated against, to parse them again with. */
  readonly catalog: Catalog;
  /** The snapshot validated against: a merge compares its rows with the stored ones. */
  readonly base: Snapshot;
}

/**
 * A load too large to keep (see {@link LoadTuning.keepChars}) that replaces what it writes: an
 * overwrite, or a load whose every line is of a type whose table was never written (a graph's
 * first load, edges loaded after their nodes). One pass validates each record and writes it into
 * a new table per type (declared as created, so undoing the write drops them), which the commit
 * pins in place of the old ones; those stay for the commits before, until cleanup drops them
 * once no retained commit pins them. Whatever rejects the load, however late, leaves no trace,
 * as with a first pass, at the cost of one. (A `merge` or `append` into a table that holds rows
 * keeps them, so it is not replaced.)
 */
interface StreamedPlan extends WritePlan {
  readonly kind: 'streamed';
  readonly catalog: Catalog;
  readonly base: Snapshot;
  /** The types the load may write: every type for an overwrite, else those never written. */
  readonly types: ReadonlySet<NodeType | EdgeType>;
}

/**
 * Raised by a streamed load that finds it cannot go on: a record of a type whose table it may
 * not replace (one that holds rows, outside an overwrite), or one `data.id` given twice (which `merge` resolves to the later line, superseding
 * a row written already). The load is undone and runs again checked.
 */
class CannotStream extends Error {}

/**
 * What a load wrote: entities per table key, and its commit (none when it changed no row: an
 * empty load, or a merge whose rows are all stored already).
 */
export interface LoadBatchResult {
  readonly counts: LoadValidation['counts'];
  readonly commit: CommitRecord | null;
}

export interface LoadRequest {
  readonly source: LoadSource;
  readonly mode: LoadMode;
  readonly branch: string;
  readonly actor: string | null;
  /** Recorded on the commit (already checked); absent for none. */
  readonly message?: string | undefined;
  readonly onProgress: ((progress: LoadProgress) => void) | undefined;
  /** Memory bounds; {@link DEFAULT_LOAD_TUNING} when absent. */
  readonly tuning?: LoadTuning;
}

/** What both passes share. */
interface LoadContext {
  readonly mode: LoadMode;
  readonly source: LoadSource;
  readonly tuning: LoadTuning;
  readonly clock: StageClock;
  readonly progress: (progress: LoadProgress) => void;
}

/**
 * Loads a strict NDJSON batch as one atomic commit, whatever its size, writing bounded windows
 * of rows per table. A large overwrite, or a large load of types whose tables were never
 * written, does so in one pass that validates as it writes, into new tables
 * ({@link StreamedPlan}); any other in two: a validation pass that keeps only ids and
 * constraint keys (and, for a small input, its records), then a write pass that reads the input
 * again. A rejected load changes nothing; a merge writes only its new and changed rows, so one
 * that changes nothing publishes no commit.
 */
export async function loadBatch(ctx: GraphContext, request: LoadRequest): Promise<LoadBatchResult> {
  const input = await rereadable(request.source);
  try {
    return await loadFrom(ctx, request, input.source);
  } finally {
    await input.close();
  }
}

async function loadFrom(
  ctx: GraphContext,
  request: LoadRequest,
  source: LoadSource,
): Promise<LoadBatchResult> {
  const load: LoadContext = {
    mode: request.mode,
    source,
    tuning: request.tuning ?? DEFAULT_LOAD_TUNING,
    clock: new StageClock(),
    progress: request.onProgress ?? (() => undefined),
  };
  try {
    return await runLoad(ctx, request, load, true);
  } catch (error) {
    if (!(error instanceof CannotStream)) throw error;
    return await runLoad(ctx, request, load, false);
  }
}

/** One load write; `mayStream`: a load that can validates as it writes (see StreamedPlan). */
async function runLoad(
  ctx: GraphContext,
  request: LoadRequest,
  load: LoadContext,
  mayStream: boolean,
): Promise<LoadBatchResult> {
  const { clock } = load;
  const outcome = await runWrite<LoadPlan, LoadValidation['counts']>(ctx, {
    kind: 'load',
    operation: 'load',
    branch: request.branch,
    actor: request.actor,
    message: request.message,
    async prepare(base) {
      const keep = (await sourceSize(load.source)) <= load.tuning.keepChars;
      // A smaller input is parsed once either way: streaming it would only add new tables.
      const streamed = mayStream && !keep ? streamedPlan(base, load.mode) : undefined;
      if (streamed) return streamed;
      const started = performance.now();
      const plan = await validate(base, load, keep);
      clock.times.validatePassMs = performance.now() - started;
      return plan;
    },
    async apply(plan, session) {
      const started = performance.now();
      const writer = new WindowWriter({
        session,
        mode: load.mode,
        base: plan.base,
        bounds: load.tuning.window,
        clock,
        planned:
          plan.kind === 'checked'
            ? new Map([...plan.validation.counts].map(([key, count]) => [key, count.entities]))
            : undefined,
        // A streamed load reports the lines it has read and written (see writeStreamed).
        progress: plan.kind === 'checked' ? load.progress : () => undefined,
      });
      try {
        const counts =
          plan.kind === 'checked'
            ? await writeAll(writer, plan, load)
            : await writeStreamed(writer, plan, load);
        clock.times.writePassMs = performance.now() - started;
        return counts;
      } finally {
        await writer.abandon();
      }
    },
  });
  clock.report();
  return { counts: outcome.result, commit: outcome.commit };
}

/**
 * The plan of a streamed load: each table it may replace (any, for an overwrite, which replaces
 * the whole image of each type it names; else those never written) replaced by a new one,
 * created when the load first writes its type. Undefined when there is none.
 */
function streamedPlan(base: Snapshot, mode: LoadMode): StreamedPlan | undefined {
  const types = base
    .types()
    .filter(({ key }) => mode === 'overwrite' || neverWritten(base.entry(key)));
  if (types.length === 0) return undefined;
  return {
    kind: 'streamed',
    tables: [],
    createdTables: types.map(({ key, type }) => ({
      tableKey: key,
      table: replacementTableNameFor(type),
    })),
    catalog: base.catalog,
    base,
    types: new Set(types.map(({ type }) => type)),
  };
}

/** Whether a pin is its table's creation: empty, with no version before or beside it. */
function neverWritten(entry: ManifestEntry): boolean {
  return entry.branch === MAIN_BRANCH && entry.version === CREATED_TABLE_VERSION;
}

/**
 * The one pass of a streamed load: each batch's entities are checked and encoded (see
 * encodedBatches), and full windows written while the next batch is read; the checks of the
 * whole batch (endpoints, `@card`, `@unique`) end it, beside the writes of the last windows.
 */
async function writeStreamed(
  writer: WindowWriter,
  plan: StreamedPlan,
  load: LoadContext,
): Promise<LoadValidation['counts']> {
  const { clock } = load;
  clock.times.passes = 1;
  const validator = new LoadValidator(plan.catalog, load.mode);
  const keys = (plan.createdTables ?? []).map(({ tableKey }) => tableKey);
  const validating = validatingSink(validator);
  const sink: EntitySink = {
    ...validating,
    record(record) {
      if (!plan.types.has(record.type)) throw new CannotStream();
      validating.record(record);
    },
  };
  const columns = await columnsOfTables(plan.base, keys);
  let seen = 0;
  const batches = encodedBatches(plan.catalog, load.source, columns, sink, clock, sizes(load));
  for await (const batch of batches) {
    // A row written already would be superseded: give up before writing more.
    if (validator.supersedes) throw new CannotStream();
    if (batch.fault !== undefined) throw batch.fault;
    seen = reportedProgress(load, 'write', seen, batch.entities);
    for (const part of batch.encoded) writer.addTable(part);
    await writer.flushReady();
  }
  // A rejected load is undone whole, so the last windows are written beside the last checks
  // (both end before the load does: nothing is written while it is undone).
  const [validation] = await settleAll([
    clock.timeAsync('validateMs', () => validator.finish(plan.base.lookups())),
    writer.finish(),
  ] as const);
  load.progress({ phase: 'write', done: seen, total: seen });
  return validation.counts;
}

/**
 * The validation pass: every entity of the input, checked against the batch and the graph.
 * With `keep` (a small input), its records are kept (whole: they are written as they are);
 * otherwise a file or bytes is read as bytes, as the write pass will read it.
 */
async function validate(base: Snapshot, load: LoadContext, keep: boolean): Promise<CheckedPlan> {
  const { source, clock } = load;
  const validator = new LoadValidator(base.catalog, load.mode);
  clock.times.passes = 1;
  let kept: LoadRecord[] | undefined;
  if (keep || source.kind === 'text') kept = await validateRecords(validator, load, keep);
  else await validateBytes(validator, load, source);
  const validation = await clock.timeAsync('validateMs', () => validator.finish(base.lookups()));
  return {
    kind: 'checked',
    tables: [...validation.counts.keys()],
    validation,
    kept,
    catalog: base.catalog,
    base,
  };
}

/** Validates the input line by line as records; with `keep`, resolves with them. */
async function validateRecords(
  validator: LoadValidator,
  load: LoadContext,
  keep: boolean,
): Promise<LoadRecord[] | undefined> {
  const { source, clock, progress } = load;
  const kept: LoadRecord[] = [];
  let seen = 0;
  const options = { forWrite: keep, batchBytes: load.tuning.batchBytes };
  for await (const batch of recordBatches(validator.catalog, source, clock, options)) {
    clock.time('validateMs', () => {
      for (const record of batch.records) {
        validator.add(record);
        seen += 1;
        if (seen % PROGRESS_EVERY === 0)
          progress({ phase: 'validate', done: seen, total: undefined });
      }
    });
    if (batch.fault !== undefined) throw batch.fault;
    if (keep) kept.push(...batch.records);
  }
  return keep ? kept : undefined;
}

/** Validates a file or bytes read as bytes, as the write pass reads them; keeps nothing. */
async function validateBytes(
  validator: LoadValidator,
  load: LoadContext,
  source: ByteSource,
): Promise<void> {
  const { catalog } = validator;
  const sink = validatingSink(validator);
  const batches = validatedBatches(catalog, source, sink, load.clock, load.tuning.byteBatchBytes);
  let seen = 0;
  for await (const batch of batches) {
    if (batch.fault !== undefined) throw batch.fault;
    seen = reportedProgress(load, 'validate', seen, batch.entities);
  }
}

/** The sink that hands each entity read to `validator`. */
function validatingSink(validator: LoadValidator): EntitySink {
  return {
    record(record) {
      validator.add(record);
    },
    node(type, line, keyId) {
      validator.addNode(type, line, keyId);
    },
    edge(type, line, src, dst) {
      validator.addEdge(type, line, src, dst);
    },
  };
}

/** Reports progress when `entities` more take the count past a multiple of PROGRESS_EVERY. */
function reportedProgress(
  load: LoadContext,
  phase: 'validate' | 'write',
  seen: number,
  entities: number,
): number {
  const total = seen + entities;
  if (Math.floor(total / PROGRESS_EVERY) > Math.floor(seen / PROGRESS_EVERY))
    load.progress({ phase, done: total, total: undefined });
  return total;
}

/** The write pass: the kept records, or the input read and parsed again. */
async function writeAll(
  writer: WindowWriter,
  plan: CheckedPlan,
  load: LoadContext,
): Promise<LoadValidation['counts']> {
  if (plan.kept) await writeKept(writer, plan, plan.kept);
  else await writeReread(writer, plan, load);
  await writer.finish();
  return plan.validation.counts;
}

async function writeKept(
  writer: WindowWriter,
  plan: CheckedPlan,
  records: readonly LoadRecord[],
): Promise<void> {
  const { supersededLines } = plan.validation;
  const encoder = new BatchEncoder(await columnsOfTables(plan.base, plan.tables));
  for (let start = 0; start < records.length; start += KEPT_ENCODE_RECORDS) {
    const batch = { records: records.slice(start, start + KEPT_ENCODE_RECORDS), chars: [] };
    let full = false;
    for (const part of encoder.encode(batch, (record) => supersededLines.has(record.line)))
      full = writer.addTable(part) || full;
    if (full) await writer.flushFull();
  }
}

/** The input read and parsed again, each batch's rows encoded at once. */
async function writeReread(
  writer: WindowWriter,
  plan: CheckedPlan,
  load: LoadContext,
): Promise<void> {
  const { supersededLines } = plan.validation;
  const { clock } = load;
  clock.times.passes = 2;
  const columns = await columnsOfTables(plan.base, plan.tables);
  const options = { ...sizes(load), skipLine: (line: number) => supersededLines.has(line) };
  for await (const batch of encodedBatches(
    plan.catalog,
    load.source,
    columns,
    CHECKED,
    clock,
    options,
  )) {
    // The input changed since it was validated: nothing it holds now was checked.
    if (batch.fault !== undefined) throw batch.fault;
    for (const part of batch.encoded) writer.addTable(part);
    await writer.flushReady();
  }
}

/** The write pass's sink: its entities were validated by the first pass. */
const CHECKED: EntitySink = {
  record: () => undefined,
  node: () => undefined,
  edge: () => undefined,
};

/** How much input a load reads at a time. */
function sizes(load: LoadContext): EncodedBatchOptions {
  return { batchBytes: load.tuning.batchBytes, byteBatchBytes: load.tuning.byteBatchBytes };
}

/**
 * The columns of the tables `keys` at the base snapshot, to encode their rows with: those of
 * the version the load's session writes on.
 */
async function columnsOfTables(base: Snapshot, keys: readonly string[]): Promise<TableColumns> {
  const columns: Record<string, readonly ColumnSpec[]> = {};
  for (const key of keys) columns[key] = (await base.reader(key)).columns;
  return columns;
}

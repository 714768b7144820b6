import type { Catalog } from '../../compiler/catalog/catalog.js';
import { typeKey } from '../../compiler/catalog/catalog-lookup.js';
import type { CommitRecord } from '../root/index.js';
import {
  runWrite,
  type WritePlan,
  type GraphContext,
  type WriteSession,
} from '../protocol/index.js';
import { where, type Row } from '../lance/index.js';
import type { Snapshot } from '../snapshot/index.js';
import { changedRows } from './changed-rows.js';
import { parseGraphBatchLine, type LoadRecord } from './graph-batch-record.js';
import type { LoadMode, LoadProgress } from '../../api/load-output.js';
import { LoadValidator, type LoadValidation } from './load-validation.js';
import { readSourceLines, rereadable, type LoadSource } from './ndjson-source.js';

/** Rows written per table per Lance write: bounds memory whatever the load's size. */
export const LOAD_BATCH_ROWS = 50_000;
/**
 * Input kept as parsed records from validation to spare a second parse; a larger load reads
 * its source again, so memory stays bounded whatever the load's size.
 */
const MAX_BUFFERED_INPUT_CHARS = 64 * 1024 * 1024;
const PROGRESS_EVERY = 10_000;

/** A load's validated plan. */
interface LoadPlan extends WritePlan {
  readonly validation: LoadValidation;
  /** Records from the validation pass, when the load was small enough to keep them. */
  readonly buffered: readonly LoadRecord[] | undefined;
  /** The catalog the records were validated against, to parse them again with. */
  readonly catalog: Catalog;
  /** The snapshot validated against: a merge compares its rows with the stored ones. */
  readonly base: Snapshot;
}

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
}

async function* records(
  catalog: Catalog,
  source: LoadSource,
): AsyncGenerator<{ record: LoadRecord; chars: number }> {
  for await (const { line, text } of readSourceLines(source)) {
    yield { record: parseGraphBatchLine(catalog, text, line), chars: text.length };
  }
}

async function* reparsed(catalog: Catalog, source: LoadSource): AsyncGenerator<LoadRecord> {
  for await (const { record } of records(catalog, source)) yield record;
}

/**
 * Loads a strict NDJSON batch as one atomic commit, whatever its size: a validation pass
 * that keeps only ids and constraint keys, then a write pass in bounded batches per table.
 * A rejected load changes nothing; a merge writes only its new and changed rows, so one that
 * changes nothing publishes no commit.
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
  const progress = request.onProgress ?? (() => undefined);
  const outcome = await runWrite<LoadPlan, LoadValidation['counts']>(ctx, {
    kind: 'load',
    operation: 'load',
    branch: request.branch,
    actor: request.actor,
    message: request.message,
    async prepare(base) {
      const validator = new LoadValidator(base.catalog, request.mode);
      let buffered: LoadRecord[] | undefined = [];
      let bufferedChars = 0;
      let seen = 0;
      for await (const { record, chars } of records(base.catalog, source)) {
        validator.add(record);
        bufferedChars += chars;
        if (buffered && bufferedChars <= MAX_BUFFERED_INPUT_CHARS) buffered.push(record);
        else buffered = undefined;
        seen += 1;
        if (seen % PROGRESS_EVERY === 0)
          progress({ phase: 'validate', done: seen, total: undefined });
      }
      const validation = await validator.finish(base.lookups());
      return {
        tables: [...validation.counts.keys()],
        validation,
        buffered,
        catalog: base.catalog,
        base,
      };
    },
    async apply(plan, session) {
      const input = plan.buffered ?? reparsed(plan.catalog, source);
      await writeRecords(session, request.mode, plan, input, progress);
      return plan.validation.counts;
    },
  });
  return { counts: outcome.result, commit: outcome.commit };
}

async function writeRecords(
  session: WriteSession,
  mode: LoadMode,
  plan: LoadPlan,
  input: Iterable<LoadRecord> | AsyncIterable<LoadRecord>,
  progress: (progress: LoadProgress) => void,
): Promise<void> {
  const total = [...plan.validation.counts.values()].reduce((sum, c) => sum + c.entities, 0);
  const pending = new Map<string, Row[]>();
  const cleared = new Set<string>();
  let written = 0;
  const flush = async (key: string): Promise<void> => {
    const rows = pending.get(key);
    if (!rows || rows.length === 0) return;
    pending.set(key, []);
    if (mode === 'merge') {
      // Only new and changed rows: a merge that changes nothing writes no table version.
      const changed = await changedRows(plan.base, key, rows);
      if (changed.length > 0) await (await session.table(key)).mergeInsert(changed);
    } else {
      const table = await session.table(key);
      if (mode === 'overwrite' && !cleared.has(key)) {
        cleared.add(key);
        if (table.rowCount > 0) await table.delete(where.isNotNull('id'));
      }
      await table.append(rows);
    }
    written += rows.length;
    progress({ phase: 'write', done: written, total });
  };
  for await (const record of input) {
    if (plan.validation.supersededLines.has(record.line)) continue;
    const key = typeKey(record.type);
    const rows = pending.get(key) ?? [];
    rows.push(record.row);
    pending.set(key, rows);
    if (rows.length >= LOAD_BATCH_ROWS) await flush(key);
  }
  for (const key of [...pending.keys()]) await flush(key);
}

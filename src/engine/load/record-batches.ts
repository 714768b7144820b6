import type { Catalog } from '../../compiler/catalog/catalog.js';
import type { NumberedLine } from '../../util/utf8-lines.js';
import type { LoadRecord } from './graph-batch-record.js';
import type { StageClock } from './load-stages.js';
import { readSourceBatches, type LoadSource } from './ndjson-source.js';
import { RecordReader, type RecordReaderOptions } from './record-reader.js';

/**
 * The records of one batch of lines, in line order, up to the first line that failed; `fault`
 * is that line's error. The caller takes the records before raising the fault, so an error of
 * an earlier line (found by the validator, say) is the one reported, as when reading line by
 * line.
 */
export interface RecordBatch {
  readonly records: readonly LoadRecord[];
  /** Characters of each record's line, in the same order: what holding the record costs. */
  readonly chars: readonly number[];
  readonly fault?: Error;
}

/** Parses one batch of lines; stops at the first line that fails. */
function parseBatch(reader: RecordReader, lines: readonly NumberedLine[]): RecordBatch {
  const records: LoadRecord[] = [];
  const chars: number[] = [];
  for (const { line, text } of lines) {
    try {
      records.push(reader.read(text, line));
    } catch (fault) {
      return { records, chars, fault: asError(fault) };
    }
    chars.push(text.length);
  }
  return { records, chars };
}

/**
 * The records of a source, batch by batch, timing the reading of lines and their parsing. A
 * fault of the input itself (a line too long, not UTF-8) ends the batches: it is raised by the
 * caller once the batch before it is taken, like any other fault.
 */
export async function* recordBatches(
  catalog: Catalog,
  source: LoadSource,
  clock: StageClock,
  options: RecordReaderOptions & { readonly batchBytes: number },
): AsyncGenerator<RecordBatch> {
  const reader = new RecordReader(catalog, options);
  const lines = readSourceBatches(source, options.batchBytes);
  for (;;) {
    let next: IteratorResult<NumberedLine[]>;
    try {
      next = await clock.timeAsync('readSplitMs', () => lines.next());
    } catch (fault) {
      yield { records: [], chars: [], fault: asError(fault) };
      return;
    }
    if (next.done === true) return;
    const batch = next.value;
    yield clock.time('parseMs', () => parseBatch(reader, batch));
  }
}

/** A thrown value as an error (parsing throws errors only; anything else is wrapped). */
export function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}

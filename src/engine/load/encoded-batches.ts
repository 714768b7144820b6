import { isUtf8 } from 'node:buffer';
import type { Catalog, EdgeType, NodeType } from '../../compiler/catalog/catalog.js';
import { JSON_CHAR } from '../../util/json-char-codes.js';
import { decodeLines, MAX_LINE_BYTES, nonBlank } from '../../util/utf8-lines.js';
import { BatchEncoder, tableKeyOf, type EncodedBatch, type TableColumns } from './batch-encoder.js';
import { ByteLineParser, byteTypePlan, type TypePlan } from './byte-line-parser.js';
import type { LoadRecord } from './graph-batch-record.js';
import type { StageClock } from './load-stages.js';
import {
  LOAD_LINE_FAULTS,
  sourceChunks,
  type ByteSource,
  type LoadSource,
} from './ndjson-source.js';
import { asError, recordBatches } from './record-batches.js';
import { RecordReader } from './record-reader.js';

/** The rows of one batch of input, encoded per table, up to the first line that failed. */
export interface InputBatch {
  readonly encoded: readonly EncodedBatch[];
  /** Entities read (and handed to the sink). */
  readonly entities: number;
  readonly fault?: Error;
}

/**
 * What a load does with each entity it reads, in line order: a streamed load, and a checked
 * load's validation pass, validate it; a checked load's write pass, nothing.
 */
export interface EntitySink {
  /** An entity read as a record (by the record reader). */
  record(record: LoadRecord): void;
  /** A node read as bytes: `keyId`, its key's id, or undefined when its id was minted. */
  node(type: NodeType, line: number, keyId: string | undefined): void;
  /** An edge read as bytes, with a minted id; endpoints as `LoadValidator.addEdge` takes them. */
  edge(type: EdgeType, line: number, src: string | number, dst: string | number): void;
}

/** How a load reads its input into encoded batches. */
export interface EncodedBatchOptions {
  /** Input read at a time: characters of a text (see `readSourceBatches`). */
  readonly batchBytes: number;
  /** Input read at a time as bytes (see {@link ByteBatchReader}). */
  readonly byteBatchBytes: number;
  /** Lines whose rows are left out (a merge's lines superseded by a later one); none if absent. */
  readonly skipLine?: (line: number) => boolean;
}

/**
 * The rows of a load's input, encoded per table, a batch at a time, each entity handed to
 * `sink` before its batch is yielded. Bytes (a file, bytes in memory) are read by
 * {@link ByteBatchReader}; a text by the record reader.
 */
export async function* encodedBatches(
  catalog: Catalog,
  source: LoadSource,
  columns: TableColumns,
  sink: EntitySink,
  clock: StageClock,
  options: EncodedBatchOptions,
): AsyncGenerator<InputBatch> {
  const skipLine = options.skipLine ?? (() => false);
  if (source.kind !== 'text') {
    const reader = new ByteBatchReader(catalog, columns, sink, clock, { skipLine, keepRows: true });
    yield* reader.batches(source, options.byteBatchBytes);
    return;
  }
  const encoder = new BatchEncoder(columns);
  const recordOptions = { forWrite: true, batchBytes: options.batchBytes };
  for await (const batch of recordBatches(catalog, source, clock, recordOptions)) {
    for (const record of batch.records) sink.record(record);
    const encoded = clock.time('encodeMs', () =>
      encoder.encode(batch, (record) => skipLine(record.line)),
    );
    yield {
      encoded,
      entities: batch.records.length,
      ...(batch.fault ? { fault: batch.fault } : {}),
    };
  }
}

/**
 * The entities of a load's input as bytes, each handed to `sink`, a batch at a time: a
 * validation pass that keeps no rows, reading its bytes as {@link encodedBatches} does. Every
 * batch's `encoded` is empty.
 */
export function validatedBatches(
  catalog: Catalog,
  source: ByteSource,
  sink: EntitySink,
  clock: StageClock,
  byteBatchBytes: number,
): AsyncGenerator<InputBatch> {
  const types = [...catalog.nodeTypes, ...catalog.edgeTypes];
  const columns = Object.fromEntries(types.map((type) => [tableKeyOf(type), type.columns]));
  const reader = new ByteBatchReader(catalog, columns, sink, clock, {
    skipLine: () => false,
    keepRows: false,
  });
  return reader.batches(source, byteBatchBytes);
}

/** The rows of one table read from one batch of input, in line order. */
class TableRows {
  readonly key: string;
  readonly plan: TypePlan | undefined;
  /** Rows encoded already, before the ones below. */
  readonly encoded: EncodedBatch[] = [];
  /** Records read since the builders were last built (then the builders are empty). */
  records: LoadRecord[] = [];
  recordChars: number[] = [];
  /** Input bytes of the rows in the builders. */
  builtChars = 0;

  constructor(key: string, plan: TypePlan | undefined) {
    this.key = key;
    this.plan = plan;
  }
}

/** What a {@link ByteBatchReader} does with the lines it reads. */
interface ByteReading {
  /** Lines to leave out, read neither as bytes nor as records. */
  readonly skipLine: (line: number) => boolean;
  /** False for a validation pass: lines are checked and handed to the sink, no row is kept. */
  readonly keepRows: boolean;
}

/**
 * Reads a source's lines as bytes: each line {@link ByteLineParser} takes goes straight into
 * its table's column builders; any other is decoded and read by the record reader, its row
 * encoded with the records around it. A table's rows stay in line order: records are encoded
 * before the builders take a row after them, and the builders are built before a record
 * follows their rows. Bytes are checked as UTF-8 a batch of whole lines at a time (one native
 * call); a batch that is not, or holds a line over the limit, is decoded line by line as
 * `readSourceBatches` does, for the same lines and the same fault. Every entity goes to the sink;
 * a reader that keeps no rows (a validation pass) only parses and hands them over.
 */
class ByteBatchReader {
  readonly #parser: ByteLineParser;
  readonly #records: RecordReader;
  readonly #tables = new Map<NodeType | EdgeType, TableRows>();
  readonly #encoder: BatchEncoder;
  readonly #sink: EntitySink;
  readonly #clock: StageClock;
  readonly #skipLine: (line: number) => boolean;
  /** False for a validation pass: lines are checked and handed to the sink, no row is kept. */
  readonly #keepRows: boolean;
  /** Bytes of the line not ended yet. */
  #open: Uint8Array[] = [];
  #openBytes = 0;
  /** Number of the next line. */
  #line = 1;
  #entities = 0;
  #fault: Error | undefined;

  constructor(
    catalog: Catalog,
    columns: TableColumns,
    sink: EntitySink,
    clock: StageClock,
    { skipLine, keepRows }: ByteReading,
  ) {
    const plans: TypePlan[] = [];
    for (const type of [...catalog.nodeTypes, ...catalog.edgeTypes]) {
      const key = tableKeyOf(type);
      const specs = columns[key];
      const plan = specs === undefined ? undefined : byteTypePlan(type, specs);
      if (plan !== undefined) plans.push(plan);
      this.#tables.set(type, new TableRows(key, plan));
    }
    this.#parser = new ByteLineParser(plans);
    this.#records = new RecordReader(catalog, { forWrite: keepRows });
    this.#keepRows = keepRows;
    this.#encoder = new BatchEncoder(columns);
    this.#sink = sink;
    this.#clock = clock;
    this.#skipLine = skipLine;
  }

  async *batches(source: ByteSource, batchBytes: number): AsyncGenerator<InputBatch> {
    const chunks = sourceChunks(source, batchBytes);
    for (;;) {
      const next = await this.#clock.timeAsync('readSplitMs', () => nextChunk(chunks));
      if (next.fault !== undefined) {
        yield { encoded: [], entities: 0, fault: next.fault };
        return;
      }
      if (next.chunk === undefined) break;
      const chunk = next.chunk;
      this.#clock.time('parseMs', () => {
        this.#read(chunk);
      });
      yield this.#batch();
      if (this.#fault !== undefined) return;
    }
    this.#clock.time('parseMs', () => {
      this.#end();
    });
    yield this.#batch();
  }

  /** Reads the lines `chunk` ends; keeps the unfinished last one. */
  #read(chunk: Uint8Array): void {
    const bytes = asBuffer(chunk);
    const last = bytes.lastIndexOf(JSON_CHAR.Lf);
    if (last < 0) {
      this.#keepOpen(bytes);
      return;
    }
    let start = 0;
    if (this.#open.length > 0) {
      const first = bytes.indexOf(JSON_CHAR.Lf);
      const line = Buffer.concat([...this.#open, bytes.subarray(0, first)]);
      this.#open = [];
      this.#openBytes = 0;
      this.#lines(line, true);
      start = first + 1;
    }
    if (this.#fault === undefined && start <= last) this.#lines(bytes.subarray(start, last), true);
    if (this.#fault === undefined && last + 1 < bytes.length)
      this.#keepOpen(bytes.subarray(last + 1));
  }

  /** The last line, which no newline ends. */
  #end(): void {
    if (this.#open.length === 0) return;
    const line = Buffer.concat(this.#open);
    this.#open = [];
    this.#lines(line, false);
  }

  #keepOpen(piece: Buffer): void {
    this.#openBytes += piece.length;
    if (this.#openBytes > MAX_LINE_BYTES) this.#fault = LOAD_LINE_FAULTS.tooLong(this.#line);
    else this.#open.push(piece);
  }

  /**
   * Reads whole lines: `bytes` without the newline after the last one (`ended` false when
   * there is none: the end of the input).
   */
  #lines(bytes: Buffer, ended: boolean): void {
    if (bytes.length > MAX_LINE_BYTES || !isUtf8(bytes)) {
      this.#decodedLines(bytes, ended);
      return;
    }
    for (let start = 0; ;) {
      const newline = bytes.indexOf(JSON_CHAR.Lf, start);
      const end = newline < 0 ? bytes.length : newline;
      const body = end > start && bytes[end - 1] === JSON_CHAR.Cr ? end - 1 : end;
      this.#oneLine(bytes, start, body, this.#line);
      this.#line += 1;
      if (newline < 0 || this.#fault !== undefined) return;
      start = newline + 1;
    }
  }

  /** Lines that are not all UTF-8 or not all within the limit, read as decoded text. */
  #decodedLines(bytes: Buffer, ended: boolean): void {
    const { lines, fault, nextLine } = decodeLines(bytes, this.#line, ended, LOAD_LINE_FAULTS);
    for (const { line, text } of lines) {
      if (this.#skipLine(line)) continue;
      this.#recordLine(text, line, text.length);
      if (this.#fault !== undefined) return;
    }
    this.#line = nextLine;
    if (fault !== undefined) this.#fault = fault;
  }

  /** One line of UTF-8 `bytes[start, end)`. */
  #oneLine(bytes: Buffer, start: number, end: number, line: number): void {
    if (this.#skipLine(line)) return;
    if (bytes[start] === JSON_CHAR.LBrace) {
      const plan = this.#parser.parse(bytes, start, end, this.#keepRows);
      if (plan !== undefined) {
        this.#tookBytes(plan, line, end - start);
        return;
      }
    }
    const text = bytes.toString('utf8', start, end);
    if (nonBlank(text)) this.#recordLine(text, line, end - start);
  }

  /** A row the parser appended to `plan`'s builders. */
  #tookBytes(plan: TypePlan, line: number, chars: number): void {
    const { type } = plan;
    const rows = this.#tables.get(type) as TableRows;
    if (rows.records.length > 0) this.#encodeRecords(rows);
    rows.builtChars += chars;
    this.#entities += 1;
    try {
      if (type.kind === 'node') this.#sink.node(type, line, this.#parser.keyId(plan));
      else this.#sink.edge(type, line, this.#parser.src, this.#parser.dst);
    } catch (fault) {
      this.#fault = asError(fault);
    }
  }

  /** A line read by the record reader. */
  #recordLine(text: string, line: number, chars: number): void {
    try {
      const record = this.#records.read(text, line);
      this.#sink.record(record);
      this.#entities += 1;
      if (!this.#keepRows) return;
      const rows = this.#tables.get(record.type) as TableRows;
      if (rows.plan !== undefined && rows.plan.table.rows > 0) this.#buildColumns(rows);
      rows.records.push(record);
      rows.recordChars.push(chars);
    } catch (fault) {
      this.#fault = asError(fault);
    }
  }

  #encodeRecords(rows: TableRows): void {
    const batch = { records: rows.records, chars: rows.recordChars };
    rows.encoded.push(
      ...this.#clock.time('encodeMs', () => this.#encoder.encode(batch, () => false)),
    );
    rows.records = [];
    rows.recordChars = [];
  }

  #buildColumns(rows: TableRows): void {
    const plan = rows.plan;
    if (plan === undefined || plan.table.rows === 0) return;
    const count = plan.table.rows;
    const table = this.#clock.time('encodeMs', () => plan.table.build());
    // The parser takes no line with a `data.id`: a type without a key mints every id.
    const minted = plan.key < 0 ? Array.from({ length: count }, (_, position) => position) : [];
    rows.encoded.push({ key: rows.key, table, rows: count, chars: rows.builtChars, minted });
    rows.builtChars = 0;
  }

  /** What the lines read since the last batch wrote, per table; the tables start empty. */
  #batch(): InputBatch {
    const encoded: EncodedBatch[] = [];
    for (const rows of this.#tables.values()) {
      if (rows.records.length > 0) this.#encodeRecords(rows);
      this.#buildColumns(rows);
      encoded.push(...rows.encoded);
      rows.encoded.length = 0;
    }
    const entities = this.#entities;
    this.#entities = 0;
    return { encoded, entities, ...(this.#fault ? { fault: this.#fault } : {}) };
  }
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** The next chunk, undefined at the end, or the fault reading it. */
async function nextChunk(
  chunks: AsyncIterator<Uint8Array>,
): Promise<{ chunk?: Uint8Array; fault?: Error }> {
  try {
    const next = await chunks.next();
    return next.done === true ? {} : { chunk: next.value };
  } catch (fault) {
    return { fault: asError(fault) };
  }
}

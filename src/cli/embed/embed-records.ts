import { stat } from 'node:fs/promises';
import type { EmbeddingProvider } from '../../api/index.js';
import { fileReadError } from '../../util/file-read-error.js';
import { OmniError } from '../../util/omni-error.js';
import { AtomicOutput } from './atomic-output.js';
import type { EmbedFile } from './embed-file.js';
import type { EmbedMode } from './embed-mode.js';
import type { EmbedReport } from './embed-report.js';
import { matchingSelectors, type Selection, type Selector } from './embed-selection.js';
import type { EmbedSpec, TypeEmbedding } from './embed-spec.js';
import {
  describePlace,
  memberNamed,
  parseRecordLine,
  withDataMember,
  withoutDataMember,
  type NodeLine,
  type RecordPlace,
} from './record-line.js';
import { recordText } from './record-text.js';
import { readStrictLines } from './strict-lines.js';

/** Everything one `embed` run needs, checked. */
export interface EmbedJob {
  readonly input: EmbedFile;
  readonly output: EmbedFile;
  readonly spec: EmbedSpec;
  readonly selection: Selection;
  readonly mode: EmbedMode;
  /** Undefined for `clean`, which embeds nothing. */
  readonly provider: EmbeddingProvider | undefined;
}

/** Texts sent to the provider in one call. */
export const BATCH_TEXTS = 64;
/** Output held before it is written, in UTF-16 units (lines waiting for a batch included). */
const BUFFER_CHARS = 4 * 1024 * 1024;

/** A record waiting for its vector. */
interface PendingRecord {
  readonly record: NodeLine;
  readonly target: string;
  readonly text: string;
  readonly place: RecordPlace;
}

/** The output in order: finished lines, and records whose vector the next batch brings. */
type OutputItem = string | PendingRecord;

/**
 * Streams the input to the output, embedding or cleaning the records the job selects, and
 * returns the counts. The output is written whole or not at all: any error — a bad line, a
 * field to embed that is missing, a provider failure, a selector that matched nothing — leaves
 * it as it was. Memory holds one batch: at most {@link BATCH_TEXTS} texts and the lines
 * between them.
 */
export async function embedRecords(job: EmbedJob): Promise<EmbedReport> {
  await checkReadable(job.input);
  const output = await AtomicOutput.create(job.output);
  try {
    const report = await streamRecords(job, output);
    await output.commit();
    return report;
  } catch (error) {
    await output.abort();
    throw error;
  }
}

async function checkReadable(file: EmbedFile): Promise<void> {
  const info = await stat(file.path).catch((error: unknown) => {
    throw fileReadError('input', file.given, error);
  });
  if (info.isDirectory()) throw fileReadError('input', file.given, { code: 'EISDIR' });
}

async function streamRecords(job: EmbedJob, output: AtomicOutput): Promise<EmbedReport> {
  const { spec, selection, mode } = job;
  const counts = { records: 0, selected: 0, embedded: 0, cleaned: 0 };
  const matched = new Set<Selector>();
  let items: OutputItem[] = [];
  let pending = 0;
  let chars = 0;
  const flush = async (): Promise<void> => {
    const lines = pending === 0 ? (items as string[]) : await embedPending(job, items);
    if (lines.length > 0) await output.write(`${lines.join('\n')}\n`);
    items = [];
    pending = 0;
    chars = 0;
  };
  for await (const { line, text } of readStrictLines(job.input.path, job.input.given)) {
    const place = { file: job.input.given, line };
    counts.records += 1;
    const record = parseRecordLine(text, place);
    const embedding = record.kind === 'node' ? spec.types.get(record.type) : undefined;
    let item: OutputItem = text;
    if (record.kind === 'node' && embedding !== undefined && selection.types.has(record.type)) {
      const selectors = matchingSelectors(selection, record);
      selectors.forEach((selector) => matched.add(selector));
      if (selection.selectors.length === 0 || selectors.length > 0) {
        counts.selected += 1;
        item = actOn(job, record, embedding, place);
        if (typeof item !== 'string') {
          counts.embedded += 1;
          pending += 1;
        } else if (item !== text) counts.cleaned += 1;
      }
    }
    items.push(item);
    chars += text.length;
    if (pending >= BATCH_TEXTS || chars >= BUFFER_CHARS) await flush();
  }
  await flush();
  const unmatched = selection.selectors.find((selector) => !matched.has(selector));
  if (unmatched !== undefined) {
    throw new OmniError(
      'not_found',
      `--select '${unmatched.text}' matched no record of '${job.input.given}': check its type, fields and values`,
      { details: { select: unmatched.text } },
    );
  }
  return {
    input: job.input.given,
    output: job.output.given,
    records: counts.records,
    selected_records: counts.selected,
    embedded_records: counts.embedded,
    cleaned_records: counts.cleaned,
    mode,
    dimension: spec.dimension,
    model: job.provider?.model ?? null,
  };
}

/** What the mode does to one selected record: its line as it goes out, or a record to embed. */
function actOn(
  job: EmbedJob,
  record: NodeLine,
  embedding: TypeEmbedding,
  place: RecordPlace,
): OutputItem {
  const { target, fields } = embedding;
  const embed = (): PendingRecord => ({
    record,
    target,
    text: recordText(record, fields, place),
    place,
  });
  switch (job.mode) {
    case 'clean':
      return record.data === undefined
        ? record.text
        : withoutDataMember(record.text, record.data, target);
    case 'fill_missing': {
      const current = record.data?.values[target];
      const present =
        record.data !== undefined && memberNamed(record.data.span, target) !== undefined;
      if (!present || current === null) return embed();
      checkVector(current, job.spec.dimension, record.type, target, place);
      return record.text;
    }
    case 'reembed_selected':
    case 'reembed_all':
      return embed();
  }
}

/** A vector kept as it is must still load: exactly `dimension` numbers. */
function checkVector(
  value: unknown,
  dimension: number,
  type: string,
  target: string,
  place: RecordPlace,
): void {
  const numbers = Array.isArray(value) && value.every((item) => typeof item === 'number');
  if (numbers && value.length === dimension) return;
  const holds = numbers ? `${value.length} numbers` : JSON.stringify(value).slice(0, 40);
  throw new OmniError(
    'bad_request',
    `${describePlace(place)}: ${type} '${target}' holds ${holds}, not a vector of ${dimension} numbers: fix it, or re-embed it with --reembed-all or --select`,
    { details: { file: place.file, line: place.line, type, property: target, dimension } },
  );
}

/** Embeds the batch's pending records and returns every line of the batch, in order. */
async function embedPending(job: EmbedJob, items: readonly OutputItem[]): Promise<string[]> {
  const provider = job.provider;
  const pending = items.filter((item): item is PendingRecord => typeof item !== 'string');
  if (provider === undefined) throw new OmniError('internal', 'embed: no provider to embed with');
  const dimension = job.spec.dimension;
  const vectors = await callProvider(provider, pending, dimension);
  let next = 0;
  return items.map((item) => {
    if (typeof item === 'string') return item;
    const vector = vectors[next];
    next += 1;
    if (item.record.data === undefined || vector === undefined) {
      throw new OmniError('internal', `embed: ${describePlace(item.place)} lost its vector`);
    }
    return withDataMember(item.record.text, item.record.data, item.target, JSON.stringify(vector));
  });
}

/**
 * One provider call for a batch. A failure keeps its code (`configuration` for a missing key,
 * `transient` after retries, `bad_request` for a vector of the wrong dimension) and says which
 * lines it was embedding.
 */
async function callProvider(
  provider: EmbeddingProvider,
  pending: readonly PendingRecord[],
  dimension: number,
): Promise<number[][]> {
  const first = pending[0]?.place;
  const last = pending.at(-1)?.place;
  const lines =
    first === undefined || last === undefined
      ? 'the input'
      : `${first.line === last.line ? `line ${first.line}` : `lines ${first.line}-${last.line}`} of '${first.file}'`;
  let vectors: number[][];
  try {
    vectors = await provider.embed(
      pending.map((item) => item.text),
      { dimension, task: 'document' },
    );
  } catch (error) {
    if (!(error instanceof OmniError)) throw error;
    throw new OmniError(
      error.code,
      `embedding ${lines} with ${provider.name} (${provider.model}): ${error.message}`,
      {
        details: { ...error.details, provider: provider.name, model: provider.model },
        cause: error,
      },
    );
  }
  const wrong = vectors.find((vector) => vector.length !== dimension);
  if (vectors.length !== pending.length || wrong !== undefined) {
    throw new OmniError(
      'bad_request',
      `embedding ${lines} with ${provider.name} (${provider.model}): ${vectors.length} vectors for ${pending.length} texts${wrong === undefined ? '' : `, one of ${wrong.length} dimensions where the spec needs ${dimension}`}`,
      { details: { provider: provider.name, model: provider.model, dimension } },
    );
  }
  return vectors;
}

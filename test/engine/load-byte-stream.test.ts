import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  DEFAULT_LOAD_TUNING,
  loadBatch,
  type LoadRequest,
  type LoadTuning,
} from '../../src/engine/load/loader.js';
import type { GraphContext } from '../../src/engine/protocol/graph-context.js';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import type { LoadMode } from '../../src/api/index.js';
import { describeOnBackends, exportAll, freshGraph, type Backend } from './graph-helpers.js';
import { writeContextOf } from './write-context.js';

// A load that keeps no records (a streamed load in its one pass, a checked load in its write
// pass) reads a file or bytes as bytes: lines of the usual shape straight into Arrow columns,
// others through the record reader. A small load keeps the records its first pass read from
// decoded lines. Both must write the same graph, or fail with the same error, for any input:
// odd lines among usual ones, blank lines, CRLF, bytes that are not UTF-8, lines across reads
// and windows, overwrites and merges (whose rows are compared with the stored ones).

const SCHEMA = `
node Person {
  pid: I64 @key
  name: String
  age: I32?
  embedding: Vector(2)?
}
node Tag { name: String @key }
node Note { text: String? }
edge Knows: Person -> Person { since: I32? }
edge Likes: Person -> Tag @card(0..2)
`;

/**
 * Keeping nothing, reading 64 bytes at a time into windows of three rows: an overwrite (or a
 * first merge) streams, reading its bytes once; a merge into tables that hold rows reads them
 * again in its write pass, as bytes too.
 */
const BYTES: LoadTuning = {
  window: { rows: 3, chars: 120 },
  keepChars: 0,
  batchBytes: 64,
  byteBatchBytes: 64,
};
/** Keeping the records of the first pass (the input is small): read as decoded lines. */
const KEPT: LoadTuning = DEFAULT_LOAD_TUNING;

/** Persons 0 to 12 are in every input (their lines shuffled among the others). */
const pid = fc.integer({ min: 0, max: 12 });
const text = fc.oneof(
  fc.constantFrom('Ada', 'é', '日本', '', 'a\\"b', 'tab\\tx', 'ü'),
  fc.string({ maxLength: 4 }).map((s) => JSON.stringify(s).slice(1, -1)),
);
const person = (n: number) =>
  fc
    .tuple(text, fc.option(fc.integer({ min: -5, max: 99 })), fc.boolean())
    .map(
      ([name, age, vector]) =>
        `{"type":"Person","data":{"pid":${n},"name":"${name}"${age === null ? '' : `,"age":${age}`}${vector ? `,"embedding":[${n / 4},-0.5]` : ''}}}`,
    );
const otherLine = fc.oneof(
  { arbitrary: text.map((name) => `{"type":"Tag","data":{"name":"${name}x"}}`), weight: 2 },
  {
    arbitrary: fc
      .option(text)
      .map((t) => `{"type":"Note","data":{${t === null ? '' : `"text":"${t}"`}}}`),
    weight: 2,
  },
  {
    arbitrary: fc
      .tuple(pid, pid, fc.option(fc.integer({ min: 0, max: 9 })))
      .map(
        ([from, to, since]) =>
          `{"edge":"Knows","from":"${from}","to":"${to}"${since === null ? '' : `,"data":{"since":${since}}`}}`,
      ),
    weight: 8,
  },
  { arbitrary: pid.map((from) => `{"edge":"Likes","from":"${from}","to":"Ada"}`), weight: 1 },
);
const oddLine = fc.constantFrom(
  '',
  '   ',
  '{"type": "Person", "data": {"pid": 103, "name": "spaced"}}',
  '{"type":"Person","data":{"pid":1e2,"name":"exp"}}',
  '{"type":"Person","data":{"pid":104,"name":"x","age":1.5}}',
  '{"type":"Person","data":{"pid":105}}',
  '{"type":"Person","data":{"pid":106,"name":"x","embedding":[1,2,3]}}',
  '{"type":"Note","data":{"id":"n1","text":"given id"}}',
  '{"edge":"Knows","from":"1","to":"404"}',
  '{"edge":"Knows","from":"01","to":"1"}',
  '{"edge":"Knows","from":"2","to":"3","data":{"id":"k1"}}',
  '{"edge":"knows","from":"2","to":"3"}',
  '{"type":"Nope","data":{}}',
  'not json',
);

/** The lines of an input: persons 0 to 12, tag Ada, others; rarely an odd line. */
const lines = fc
  .tuple(
    fc.tuple(...Array.from({ length: 13 }, (_, n) => person(n))),
    fc.array(fc.oneof({ arbitrary: otherLine, weight: 30 }, { arbitrary: oddLine, weight: 1 }), {
      maxLength: 40,
    }),
  )
  .chain(([persons, others]) =>
    fc.shuffledSubarray([...persons, '{"type":"Tag","data":{"name":"Ada"}}', ...others], {
      minLength: persons.length + others.length + 1,
    }),
  );

/** Input bytes: CRLF endings here and there, and rarely a line that is not UTF-8. */
const input = fc
  .tuple(
    lines,
    fc.array(fc.constantFrom('\n', '\n', '\r\n'), { minLength: 60, maxLength: 60 }),
    fc.oneof({ arbitrary: fc.constant(-1), weight: 7 }, { arbitrary: fc.nat(60), weight: 1 }),
  )
  .map(([texts, ends, broken]) =>
    Buffer.concat(
      texts.map((line, index) =>
        Buffer.concat([
          Buffer.from(line),
          index === broken ? Buffer.from([0xc3, 0x28]) : Buffer.alloc(0),
          Buffer.from(ends[index] ?? '\n'),
        ]),
      ),
    ),
  );

/** A graph's rows with minted ids blanked (they are random), in a stable order. */
async function rows(graph: Omnigraph): Promise<string[]> {
  const lines = await exportAll(graph);
  return lines.map((line) => line.replace(/"id":"[0-9A-HJKMNP-TV-Z]{26}"/g, '"id":""')).sort();
}

type Outcome = { readonly error: string } | { readonly rows: string[] };

describeOnBackends('streamed loads of bytes', (backend: Backend) => {
  const graphs: Omnigraph[] = [];
  const contexts: GraphContext[] = [];

  beforeAll(async () => {
    for (const label of ['bytes-streamed', 'bytes-checked']) {
      const graph = await freshGraph(backend, label, { schema: SCHEMA });
      graphs.push(graph);
      contexts.push(await writeContextOf(graph.uri));
    }
  });

  afterAll(async () => {
    for (const ctx of contexts) {
      await ctx.lease.close();
      ctx.root.tables.close();
    }
    await Promise.all(graphs.map((graph) => graph.close()));
  });

  async function outcome(
    index: number,
    bytes: Buffer,
    mode: LoadMode,
    tuning: LoadTuning,
  ): Promise<Outcome> {
    const request: LoadRequest = {
      source: { kind: 'bytes', bytes },
      mode,
      branch: 'main',
      actor: null,
      onProgress: undefined,
      tuning,
    };
    try {
      await loadBatch(contexts[index] as GraphContext, request);
    } catch (error) {
      const { code, message } = error as { code?: string; message: string };
      return { error: `${code ?? 'thrown'}: ${message}` };
    }
    return { rows: await rows(graphs[index] as Omnigraph) };
  }

  it('writes what a load that keeps its records writes, or fails as it fails', async () => {
    let written = 0;
    await fc.assert(
      fc.asyncProperty(
        input,
        fc.constantFrom<LoadMode>('overwrite', 'merge'),
        async (bytes, mode) => {
          const streamed = await outcome(0, bytes, mode, BYTES);
          const checked = await outcome(1, bytes, mode, KEPT);
          expect(streamed).toEqual(checked);
          if ('rows' in streamed) written += 1;
        },
      ),
      { numRuns: backend.s3 ? 6 : 40 },
    );
    // Most inputs are loaded: the comparison is of graphs, not only of errors.
    expect(written).toBeGreaterThan(0);
  }, 120_000);
});

import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import {
  describeOnBackends,
  expectOmniError,
  exportAll,
  freshGraph,
  graphState,
  ndjson,
  type Backend,
} from './graph-helpers.js';

const SCHEMA = 'node P {\n  name: String @key\n  note: String?\n  tags: [String]?\n}';

interface Row {
  readonly name: string;
  readonly note: string | null;
  readonly tags: readonly string[] | null;
}

/** The oracle: the platform's own check, independent of OmniGraph's. */
const wellFormed = (text: string): boolean =>
  (text as string & { isWellFormed(): boolean }).isWellFormed();

/** Any code points (lone surrogates included), real graphemes, and the known troublemakers. */
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.constantFrom(
    '\ud800',
    '\udfff',
    'a\ud800b',
    '\udc00\ud83d',
    '\ufffd',
    '\u0000',
    'e\u0301',
    '\u00e9',
    '',
  ),
);

const rows = fc.uniqueArray(
  fc.record({
    name: text,
    note: fc.option(text, { nil: null }),
    tags: fc.option(fc.array(text, { maxLength: 3 }), { nil: null }),
  }),
  { minLength: 1, maxLength: 4, selector: (row) => row.name },
);

const strings = (row: Row): string[] => [
  row.name,
  ...(row.note === null ? [] : [row.note]),
  ...(row.tags ?? []),
];

function parsedExport(lines: readonly string[]): Map<string, Row> {
  return new Map(
    lines.map((line) => {
      const { data } = JSON.parse(line) as { data: Row & { id: string } };
      return [data.id, { name: data.name, note: data.note, tags: data.tags }];
    }),
  );
}

describeOnBackends('load text', (backend: Backend) => {
  let graph: Omnigraph;
  let copy: Omnigraph;
  const runs = backend.s3 ? 6 : 30;

  beforeAll(async () => {
    [graph, copy] = await Promise.all([
      freshGraph(backend, 'text-a', { schema: SCHEMA }),
      freshGraph(backend, 'text-b', { schema: SCHEMA }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([graph.close(), copy.close()]);
  });

  it('stores well-formed strings exactly and round-trips them; refuses the rest, changing nothing', async () => {
    await fc.assert(
      fc.asyncProperty(rows, async (batch) => {
        const data = ndjson(...batch.map((row) => ({ type: 'P', data: row })));
        const firstBad = batch.findIndex((row) => !strings(row).every(wellFormed));
        if (firstBad >= 0) {
          const before = await graphState(graph);
          const error = await expectOmniError(
            graph.load({ data, mode: 'overwrite' }),
            'bad_request',
            `line ${firstBad + 1}: `,
            'is not well-formed Unicode: lone surrogate U+',
          );
          expect(error.details).toMatchObject({ line: firstBad + 1 });
          expect(await graphState(graph)).toEqual(before);
          return;
        }
        await graph.load({ data, mode: 'overwrite' });
        const exported = await exportAll(graph);
        expect(parsedExport(exported)).toEqual(new Map(batch.map((row) => [row.name, row])));
        await copy.load({ data: ndjson(...exported), mode: 'overwrite' });
        expect(await exportAll(copy)).toEqual(exported);
      }),
      { numRuns: runs },
    );
  });

  it('decodes bytes as strict UTF-8: valid text loads exactly, invalid bytes change nothing', async () => {
    // Bytes inside a JSON string, leaving out what would end the line or the string.
    const inner = fc
      .uint8Array({ maxLength: 8 })
      .map((bytes) => bytes.map((b) => (b < 0x20 || b === 0x22 || b === 0x5c ? 0x61 : b)));
    const strict = new TextDecoder('utf-8', { fatal: true });
    await fc.assert(
      fc.asyncProperty(inner, async (bytes) => {
        const line = new Uint8Array([
          ...Buffer.from('{"type":"P","data":{"name":"key","note":"'),
          ...bytes,
          ...Buffer.from('"}}'),
        ]);
        let decoded: string | undefined;
        try {
          decoded = strict.decode(bytes);
        } catch {
          decoded = undefined;
        }
        if (decoded === undefined) {
          const before = await graphState(graph);
          await expectOmniError(
            graph.load({ data: line, mode: 'overwrite' }),
            'bad_request',
            'line 1: invalid UTF-8 byte 0x',
          );
          expect(await graphState(graph)).toEqual(before);
          return;
        }
        await graph.load({ data: line, mode: 'overwrite' });
        expect(parsedExport(await exportAll(graph)).get('key')?.note).toBe(decoded);
      }),
      { numRuns: runs },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8LineBatches, utf8Lines, type LineFaults } from '../../src/util/utf8-lines.js';

const FAULTS: LineFaults = {
  tooLong: (line) => new Error(`line ${line} too long`),
  notUtf8: (line, column, message) => new Error(`line ${line}: ${message} at column ${column}`),
};

/** The oracle: the whole input cut at newlines, each line decoded on its own. */
function referenceLines(bytes: Uint8Array): unknown[] {
  const out: unknown[] = [];
  const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let start = 0;
  for (let line = 1; start <= bytes.length; line += 1) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline < 0 ? bytes.length : newline;
    let body = bytes.subarray(start, end);
    if (body.at(-1) === 0x0d) body = body.subarray(0, -1);
    let text: string;
    try {
      text = strict.decode(body);
    } catch {
      // The column is the reader's to compute; the oracle only knows the line.
      out.push(`fault at line ${line}`);
      return out;
    }
    if (text.trim().length > 0) out.push({ line, text });
    start = end + 1;
  }
  return out;
}

async function collect(lines: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  try {
    for await (const line of lines) out.push(line);
  } catch (error) {
    out.push(`fault at line ${/line (\d+)/.exec((error as Error).message)?.[1] ?? '?'}`);
  }
  return out;
}

async function* flat(batches: AsyncIterable<unknown[]>): AsyncGenerator {
  for await (const batch of batches) yield* batch;
}

const piece = fc.constantFrom(
  '{"a":1}',
  '',
  ' ',
  '\r',
  'é',
  '\u{1F600}',
  '\n',
  '\n',
  '\r\n',
  'x',
  '\u2028',
  '\uFEFF',
  '\t',
  'INVALID',
);

/** Input bytes cut into chunks at arbitrary places (inside characters too). */
const chunked = fc
  .tuple(
    fc.array(piece, { maxLength: 14 }),
    fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1 }),
  )
  .map(([pieces, sizes]) => {
    const bytes = Buffer.concat(
      pieces.map((p) => (p === 'INVALID' ? Buffer.from([0xff]) : Buffer.from(p))),
    );
    const chunks: Uint8Array[] = [];
    for (let at = 0, i = 0; at < bytes.length; i += 1) {
      const size = sizes[i % sizes.length] ?? 1;
      chunks.push(bytes.subarray(at, at + size));
      at += size;
    }
    return { bytes, chunks };
  });

describe('utf8 lines', () => {
  it('reads any chunking as the whole input read line by line, faults at the same line', async () => {
    await fc.assert(
      fc.asyncProperty(chunked, async ({ bytes, chunks }) => {
        const expected = referenceLines(bytes);
        expect(await collect(utf8Lines(chunks, FAULTS))).toEqual(expected);
        expect(await collect(flat(utf8LineBatches(chunks, FAULTS)))).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('names the line and column of an invalid byte, after the lines before it', async () => {
    const bytes = Buffer.concat([Buffer.from('ok\nab'), Buffer.from([0xc3]), Buffer.from('\n')]);
    const seen: unknown[] = [];
    const lines = utf8Lines([bytes.subarray(0, 4), bytes.subarray(4)], FAULTS);
    await expect(
      (async () => {
        for await (const line of lines) seen.push(line);
      })(),
    ).rejects.toThrow('line 2: invalid UTF-8 byte 0xC3 at column 3');
    expect(seen).toEqual([{ line: 1, text: 'ok' }]);
  });
});

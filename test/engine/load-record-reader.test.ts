import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchema } from '../../src/compiler/schema/compile-schema.js';
import { parseGraphBatchLine } from '../../src/engine/load/graph-batch-record.js';
import type { LoadRecord } from '../../src/engine/load/graph-batch-record.js';
import { RecordReader } from '../../src/engine/load/record-reader.js';
import { graphBatchLine, typedPerson } from './load-line-arbitraries.js';

// The fast reader must give every line the record or the error of the strict one.
const CATALOG = compileSchema(`
node Person {
  pid: I64 @key
  name: String
  nick: String?
  age: I32?
  score: F32?
  ratio: F64?
  big: U64?
  small: U32?
  ok: Bool?
  born: Date?
  seen: DateTime?
  mood: enum(calm, angry)?
  tags: [String]?
  embedding: Vector(3)?
  @range(age, 0..150)
}
node Thing {
  label: String? @unique
  vec: Vector(2)?
}
node Pair {
  a: String
  b: I32
  @key(a, b)
}
edge Knows: Person -> Person {
  since: I32?
  weight: F64?
}
`);

type Outcome =
  | { readonly ok: true; readonly record: LoadRecord }
  | { readonly ok: false; readonly message: string; readonly details: unknown };

function outcome(read: () => LoadRecord): Outcome {
  try {
    return { ok: true, record: read() };
  } catch (error) {
    const { message, details } = error as { message: string; details?: unknown };
    return { ok: false, message, details };
  }
}

/** A record with its minted id (random by nature) blanked. */
function comparable(result: Outcome): unknown {
  if (!result.ok) return result;
  const { record } = result;
  if (record.idSupplied) return result;
  return { ...record, id: '', row: { ...record.row, id: '' } };
}

function expectSameOutcome(text: string): void {
  const strict = outcome(() => parseGraphBatchLine(CATALOG, text, 7));
  const fast = outcome(() => new RecordReader(CATALOG, { forWrite: true }).read(text, 7));
  expect(comparable(fast)).toEqual(comparable(strict));
  if (strict.ok && fast.ok)
    expect(Object.is(fast.record.row.age, strict.record.row.age)).toBe(true);
  // The validation pass's reader, which checks vectors without keeping them, accepts and
  // refuses the same lines, with the same errors.
  const checking = outcome(() => new RecordReader(CATALOG, { forWrite: false }).read(text, 7));
  expect(checking.ok ? 'ok' : checking).toEqual(strict.ok ? 'ok' : strict);
}

describe('RecordReader', () => {
  it('gives every line the record or the error of the strict parser', () => {
    fc.assert(
      fc.property(graphBatchLine(typedPerson()), (text) => {
        expectSameOutcome(text);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads the usual shapes on the fast path, with the strict values', () => {
    const text =
      '{"type":"Person","data":{"pid":9007199254740991,"name":"Ada","score":0.1,"ratio":-0.0,"big":18446744073709,"embedding":[0.12928,-1e-7,3]}}';
    expectSameOutcome(text);
    const record = new RecordReader(CATALOG, { forWrite: true }).read(text, 1);
    expect(record.row).toMatchObject({ id: '9007199254740991', big: 18446744073709n });
    expect(Object.is(record.row.ratio, -0)).toBe(true);
  });

  it('mints distinct time-ordered ids for the write pass, none for validation alone', () => {
    const edge = '{"edge":"Knows","from":"a","to":"b"}';
    const writing = new RecordReader(CATALOG, { forWrite: true });
    const ids = Array.from({ length: 3000 }, () => writing.read(edge, 1).id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^[0-9A-HJKMNP-TV-Z]{26}$/.test(id))).toBe(true);
    expect(new RecordReader(CATALOG, { forWrite: false }).read(edge, 1).id).toBe('');
    // A type with @unique tells its holders apart by id, even when only validating.
    const thing = new RecordReader(CATALOG, { forWrite: false }).read('{"type":"Thing"}', 1);
    expect(thing.id).toHaveLength(26);
  });
});

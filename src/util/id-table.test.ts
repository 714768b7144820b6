import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdTable } from './id-table.js';

/** Ids of every shape the table packs differently: short, long, empty, past Latin-1. */
const ids = fc.oneof(
  fc.string({ maxLength: 9 }),
  fc.stringMatching(/^[0-9]{1,8}$/),
  fc.string({ unit: 'binary', maxLength: 9 }),
  fc.constantFrom('', 'a', 'é', 'ÿÿÿÿÿÿÿ', 'ÿÿÿÿÿÿÿÿ', '\u0100', 'a\u0000', 'a'),
);

describe('IdTable', () => {
  it('behaves as a Map of ids to numbers, keys in insertion order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(ids, fc.integer()), { maxLength: 400 }),
        fc.array(ids),
        (puts, probes) => {
          const table = new IdTable();
          const map = new Map<string, number>();
          for (const [id, value] of puts) {
            expect(table.put(id, value)).toBe(map.get(id));
            map.set(id, value);
          }
          expect(table.size).toBe(map.size);
          expect([...table.entries()]).toEqual([...map.entries()]);
          expect([...table.keys()]).toEqual([...map.keys()]);
          for (const id of [...probes, ...map.keys()]) {
            expect(table.has(id)).toBe(map.has(id));
            expect(table.get(id)).toBe(map.get(id));
          }
        },
      ),
    );
  });

  it('stays exact past many growths, with ids that differ in one character', () => {
    const table = new IdTable();
    for (let n = 0; n < 50_000; n += 1) table.put(String(n), n);
    for (let n = 0; n < 2_000; n += 1) table.put(`long-id-${n}`, -n);
    expect(table.size).toBe(52_000);
    for (let n = 0; n < 50_000; n += 1) expect(table.get(String(n))).toBe(n);
    expect(table.get('long-id-1999')).toBe(-1999);
    expect(table.has('50000')).toBe(false);
    expect(table.has('long-id-2000')).toBe(false);
    expect([...table.keys()].slice(49_999, 50_001)).toEqual(['49999', 'long-id-0']);
  });

  it('holds as many ids as it was sized for, and more, as an unsized one does', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 3_000 }),
        fc.array(fc.tuple(ids, fc.integer()), { maxLength: 200 }),
        (expected, puts) => {
          const sized = new IdTable(expected);
          const unsized = new IdTable();
          const numbered = Array.from({ length: expected }, (_, n): [string, number] => [
            `n${n}`,
            n,
          ]);
          for (const [id, value] of [...numbered, ...puts]) {
            expect(sized.put(id, value)).toBe(unsized.put(id, value));
          }
          expect([...sized.entries()]).toEqual([...unsized.entries()]);
          for (const [id] of puts) expect(sized.get(id)).toBe(unsized.get(id));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('finds numeric ids put in any order, whether indexed directly or hashed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: 20_000 }), fc.integer()), { maxLength: 3_000 }),
        fc.nat({ max: 4_000 }),
        (puts, expected) => {
          const table = new IdTable(expected);
          const map = new Map<string, number>();
          for (const [n, value] of puts) {
            expect(table.put(String(n), value)).toBe(map.get(String(n)));
            map.set(String(n), value);
          }
          expect([...table.entries()]).toEqual([...map.entries()]);
          for (let n = 0; n <= 20_000; n += 97) {
            expect(table.get(String(n))).toBe(map.get(String(n)));
            expect(table.hasDecimal(n)).toBe(map.has(String(n)));
          }
          for (const [id, value] of map) expect(table.get(id)).toBe(value);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('answers decimal ids given as numbers, above the small range too', () => {
    const table = new IdTable();
    for (const id of ['7', '33554432', '99999999', '007']) table.put(id, 1);
    expect([7, 33_554_432, 99_999_999, 8].map((n) => table.hasDecimal(n))).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it('keeps ids hashed before the direct index grew over them', () => {
    const table = new IdTable();
    // Descending: the first ids are too far for an index of a few ids, the later ones are not.
    for (let n = 100_000; n >= 0; n -= 1) table.put(String(n), n + 1);
    expect(table.size).toBe(100_001);
    for (let n = 0; n <= 100_000; n += 1) expect(table.get(String(n))).toBe(n + 1);
    expect(table.put('99999', 7)).toBe(100_000);
    expect(table.get('99999')).toBe(7);
    expect(table.has('100001')).toBe(false);
    expect(table.get('100001')).toBeUndefined();
    expect([...table.keys()].slice(0, 2)).toEqual(['100000', '99999']);
    expect([...table.keys()].at(-1)).toBe('0');
  });

  it('tells numeric ids apart exactly, however they are written, at any size', () => {
    const table = new IdTable();
    const held = ['0', '7', '1023', '1024', '33554431', '33554432', '99999999', '123456789'];
    for (const id of held) table.put(id, 1);
    for (const id of held) expect(table.has(id)).toBe(true);
    const others = ['00', '07', '007', '-7', '+7', '7.0', '1e3', '1022', '1025', '33554430'];
    for (const id of [...others, '33554433', '99999998', '1234567890', ' 7', '7 ']) {
      expect(table.has(id)).toBe(false);
    }
    for (const id of others) table.put(id, 2);
    for (const id of [...held, ...others]) expect(table.has(id)).toBe(true);
    expect(table.get('07')).toBe(2);
    expect(table.get('7')).toBe(1);
  });
});

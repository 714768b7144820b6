import type { LoadTuning } from '../../src/engine/load/loader.js';

// The graph batches the load suites write: every type, with keys, a `@unique` column, a vector
// and a `@card` bound, so that validation and windows have everything to do.

export const LOAD_SCHEMA = `
node Person {
  name: String @key
  age: I32?
  email: String? @unique
  embedding: Vector(2)?
}
node Company { name: String @key }
edge Knows: Person -> Person { since: I32? }
edge WorksAt: Person -> Company @card(0..1)
`;

/**
 * Windows of three rows (or 120 characters of input), input read 64 bytes at a time (lines
 * cross reads), none kept: a load that validates first reads its input twice.
 */
export const TINY: LoadTuning = {
  window: { rows: 3, chars: 120 },
  keepChars: 0,
  batchBytes: 64,
  byteBatchBytes: 64,
};

/** Lines of each type, named by number: person `p<n>`, company `c<n>`, edges by their ids. */
export const person = (n: number, age = n % 90) => ({
  type: 'Person',
  data: { name: `p${n}`, age, email: `p${n}@x`, embedding: [n / 7, -n] },
});
export const company = (n: number) => ({ type: 'Company', data: { name: `c${n}` } });
export const knows = (id: string, from: number, to: number, since = from) => ({
  edge: 'Knows',
  from: `p${from}`,
  to: `p${to}`,
  data: { id, since },
});
export const worksAt = (n: number) => ({
  edge: 'WorksAt',
  from: `p${n}`,
  to: `c${n % 4}`,
  data: { id: `w${n}` },
});

/** Types interleaved, so that windows of every table fill and flush in turn. */
export function dataset(people: number): object[] {
  const lines: object[] = [];
  for (let n = 0; n < people; n += 1) {
    lines.push(person(n));
    if (n < 4) lines.push(company(n));
    if (n > 0) lines.push(knows(`k${n}`, n, n - 1));
    if (n % 3 === 0) lines.push(worksAt(n));
  }
  return lines;
}

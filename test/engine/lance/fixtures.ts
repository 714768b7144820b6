import { expect } from 'vitest';
import type { ColumnSpec, Row } from '../../../src/engine/lance/index.js';
import { isOmniError, type ErrorCode } from '../../../src/util/index.js';

/** A small node table: key, text, 64-bit integer and a 4-d vector. */
export const PERSON_COLUMNS: readonly ColumnSpec[] = [
  { name: 'id', type: { kind: 'utf8' }, nullable: false },
  { name: 'name', type: { kind: 'utf8' }, nullable: true },
  { name: 'age', type: { kind: 'int64' }, nullable: true },
  { name: 'embedding', type: { kind: 'fixed_size_list', dimension: 4 }, nullable: true },
];

/** One column of every type a table can have; all nullable but the key. */
export const ALL_COLUMN_TYPES: readonly ColumnSpec[] = [
  { name: 'id', type: { kind: 'utf8' }, nullable: false },
  { name: 'flag', type: { kind: 'bool' }, nullable: true },
  { name: 'never', type: { kind: 'bool' }, nullable: true },
  { name: 'i32', type: { kind: 'int32' }, nullable: true },
  { name: 'u32', type: { kind: 'uint32' }, nullable: true },
  { name: 'i64', type: { kind: 'int64' }, nullable: true },
  { name: 'u64', type: { kind: 'uint64' }, nullable: true },
  { name: 'f32', type: { kind: 'float32' }, nullable: true },
  { name: 'f64', type: { kind: 'float64' }, nullable: true },
  { name: 'day', type: { kind: 'date32' }, nullable: true },
  { name: 'at', type: { kind: 'date64' }, nullable: true },
  { name: 'blob', type: { kind: 'large_binary' }, nullable: true },
  { name: 'tags', type: { kind: 'list', element: { kind: 'utf8' } }, nullable: true },
  { name: 'nums', type: { kind: 'list', element: { kind: 'int64' } }, nullable: true },
  { name: 'days', type: { kind: 'list', element: { kind: 'date32' } }, nullable: true },
  { name: 'vec', type: { kind: 'fixed_size_list', dimension: 3 }, nullable: true },
];

/** A person row with a deterministic embedding. */
export function person(id: string, name: string | null, age: bigint | null): Row {
  const seed = id.length + (name?.length ?? 0);
  return { id, name, age, embedding: [seed, seed + 0.5, -seed, 0.25] };
}

/** Ids of rows, sorted, for order-independent comparison. */
export function idsOf(rows: readonly Row[]): string[] {
  return rows.map((row) => row.id as string).sort();
}

/** Awaits a promise expected to fail and asserts the OmniError code (and message part). */
export async function expectOmniError(
  promise: Promise<unknown>,
  code: ErrorCode,
  messagePart?: string,
): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isOmniError(error), `expected an OmniError, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  if (messagePart !== undefined) expect((error as Error).message).toContain(messagePart);
  return error as Error;
}

/** Same as {@link expectOmniError} for synchronous calls. */
export function expectOmniErrorSync(
  run: () => unknown,
  code: ErrorCode,
  messagePart?: string,
): void {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(isOmniError(error), `expected an OmniError, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  if (messagePart !== undefined) expect((error as Error).message).toContain(messagePart);
}

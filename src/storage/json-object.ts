import type { z } from 'zod';
import { OmniError } from '../util/omni-error.js';
import type { ObjectStore, PutMode } from './object-store.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A JSON document read from a store, with the etag it was read at. */
export interface JsonObject<T> {
  readonly value: T;
  readonly etag: string;
}

/** What a stored JSON object must look like: its name in errors, and its zod schema. */
export interface JsonShape<T> {
  /** What the object is, e.g. `commit record` (errors read `corrupt commit record at <key>: …`). */
  readonly name: string;
  readonly schema: z.ZodType<T>;
}

/** Encodes a value as the UTF-8 JSON bytes stored for it. */
export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

/**
 * The error for a stored object that is not what it should be: `permanent`, since reading it
 * again gives the same bytes. `problem` says what is wrong (`missing manifest`).
 */
export function corruptObject(name: string, key: string, problem: string): OmniError {
  return new OmniError('permanent', `corrupt ${name} at ${key}: ${problem}`, {
    details: { key, object: name },
  });
}

/**
 * Parses the bytes of the stored object at `key`. With a `shape`, the value is validated and a
 * mismatch (or bytes that are not JSON) is a {@link corruptObject} error; without one the value
 * is whatever JSON the object holds, for the caller to validate.
 */
export function parseStoredJson<T = unknown>(
  bytes: Uint8Array,
  key: string,
  shape?: JsonShape<T>,
): T {
  const name = shape?.name ?? 'JSON object';
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(bytes));
  } catch {
    throw corruptObject(name, key, 'not valid JSON');
  }
  if (shape === undefined) return parsed as T;
  const checked = shape.schema.safeParse(parsed, { reportInput: true });
  if (!checked.success) throw corruptObject(name, key, describeIssue(checked.error.issues[0]));
  return checked.data;
}

/** Reads and parses a JSON object as {@link parseStoredJson} does; `not_found` when absent. */
export async function readJson<T = unknown>(
  store: ObjectStore,
  key: string,
  shape?: JsonShape<T>,
): Promise<JsonObject<T>> {
  const { bytes, etag } = await store.get(key);
  return { value: parseStoredJson(bytes, key, shape), etag };
}

/** Like {@link readJson} but `undefined` when the object is absent. */
export async function readJsonIfExists<T = unknown>(
  store: ObjectStore,
  key: string,
  shape?: JsonShape<T>,
): Promise<JsonObject<T> | undefined> {
  try {
    return await readJson(store, key, shape);
  } catch (error) {
    if (error instanceof OmniError && error.code === 'not_found') return undefined;
    throw error;
  }
}

/** Writes a value as JSON under `mode` and returns the new etag. */
export function writeJson(
  store: ObjectStore,
  key: string,
  value: unknown,
  mode?: PutMode,
): Promise<string> {
  return store.put(key, encodeJson(value), mode);
}

/** One zod issue in plain words: `missing manifest`, `tables[0].version: expected number, …`. */
function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (issue === undefined) return 'it does not match its schema';
  const at = issue.path
    .map((segment, i) =>
      typeof segment === 'number' ? `[${segment}]` : `${i === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
  if (issue.code === 'invalid_type' && issue.input === undefined && at !== '')
    return `missing ${at}`;
  const message = issue.message.replace(/^Invalid input: /, '');
  return at === '' ? message : `${at}: ${message}`;
}

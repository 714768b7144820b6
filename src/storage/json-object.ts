import { OmniError } from '../util/omni-error.js';
import type { ObjectStore, PutMode } from './object-store.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A JSON document read from a store, with the etag it was read at. */
export interface JsonObject<T> {
  readonly value: T;
  readonly etag: string;
}

/** Encodes a value as the UTF-8 JSON bytes stored for it. */
export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

/** Reads and parses a JSON object; `not_found` when absent, `permanent` when unparseable. */
export async function readJson<T>(store: ObjectStore, key: string): Promise<JsonObject<T>> {
  const { bytes, etag } = await store.get(key);
  try {
    return { value: JSON.parse(decoder.decode(bytes)) as T, etag };
  } catch (error) {
    throw new OmniError('permanent', `object '${key}' in ${store.uri} is not valid JSON`, {
      cause: error,
    });
  }
}

/** Like {@link readJson} but `undefined` when the object is absent. */
export async function readJsonIfExists<T>(
  store: ObjectStore,
  key: string,
): Promise<JsonObject<T> | undefined> {
  try {
    return await readJson<T>(store, key);
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

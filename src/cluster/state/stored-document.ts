import { z } from 'zod';
import type { PutMode } from '../../storage/object-store.js';
import { parseStoredJson } from '../../storage/json-object.js';
import { isOmniError, messageOf, OmniError } from '../../util/omni-error.js';
import type { DiagnosticCode } from '../diagnostic.js';
import { clusterError, storageCodeOf } from './cluster-error.js';
import type { ClusterStore } from './cluster-store.js';

/**
 * A versioned JSON document of the control plane (ledger, lock, sidecar, approval): its shape
 * and the diagnostic codes its failures carry.
 */
export interface StoredDocument<T, I = T> {
  /** What it is, in messages: `state ledger`, `recovery sidecar`. */
  readonly name: string;
  /** The field holding the format version (`version` or `schema_version`). */
  readonly versionField: string;
  /** The one format version this build reads and writes. */
  readonly version: number;
  readonly schema: z.ZodType<T, I>;
  readonly codes: {
    /** Not JSON, or JSON of the wrong shape. */
    readonly invalid: DiagnosticCode;
    /** A well-formed version number other than {@link StoredDocument.version}. */
    readonly unsupported: DiagnosticCode;
    readonly readError: DiagnosticCode;
    readonly writeError: DiagnosticCode;
  };
}

/** A document read from the store, with the exact bytes and the etag they were read at. */
export interface ReadDocument<T> {
  readonly value: T;
  readonly bytes: Uint8Array;
  readonly etag: string;
}

/** A document encoded for writing: the bytes, and the value they parse back to. */
export interface EncodedDocument<T> {
  readonly value: T;
  readonly bytes: Uint8Array;
}

const encoder = new TextEncoder();

/**
 * Parses the bytes of `doc` stored at `key`. A version other than the supported one is reported
 * as such before the shape is checked, so that a newer format is not called corrupt.
 */
function decodeDocument<T, I>(
  store: ClusterStore,
  doc: StoredDocument<T, I>,
  key: string,
  bytes: Uint8Array,
): T {
  const where = store.displayPath(key);
  const invalid = (error: unknown) =>
    clusterError('permanent', doc.codes.invalid, key, messageOf(error), error);
  let raw: unknown;
  try {
    raw = parseStoredJson(bytes, where, { name: doc.name, schema: z.unknown() });
  } catch (error) {
    throw invalid(error);
  }
  const version = versionOf(raw, doc.versionField);
  if (typeof version === 'number' && version !== doc.version) {
    throw clusterError(
      'permanent',
      doc.codes.unsupported,
      key,
      `${doc.name} at ${where} has ${doc.versionField} ${version}; this build supports ${doc.version}`,
    );
  }
  try {
    return parseStoredJson(bytes, where, { name: doc.name, schema: doc.schema });
  } catch (error) {
    throw invalid(error);
  }
}

/** Reads and decodes `doc` at `key`; `undefined` when the object is absent. */
export async function readDocument<T, I>(
  store: ClusterStore,
  doc: StoredDocument<T, I>,
  key: string,
): Promise<ReadDocument<T> | undefined> {
  let stored;
  try {
    stored = await store.objects.get(key);
  } catch (error) {
    if (isOmniError(error, 'not_found')) return undefined;
    throw clusterError(
      storageCodeOf(error),
      doc.codes.readError,
      key,
      `cannot read ${doc.name} at ${store.displayPath(key)}: ${messageOf(error)}`,
      error,
    );
  }
  return {
    value: decodeDocument(store, doc, key, stored.bytes),
    bytes: stored.bytes,
    etag: stored.etag,
  };
}

/**
 * The bytes written for a document: checked against its schema (nothing unreadable is ever
 * written), fields in schema order, maps sorted, 2-space JSON and a final newline, so equal
 * content always gives equal bytes.
 */
export function encodeDocument<T, I>(doc: StoredDocument<T, I>, value: I): EncodedDocument<T> {
  const checked = doc.schema.safeParse(value);
  if (!checked.success) {
    throw new OmniError(
      'internal',
      `refusing to write an invalid ${doc.name}: ${z.prettifyError(checked.error)}`,
      { cause: checked.error },
    );
  }
  return {
    value: checked.data,
    bytes: encoder.encode(`${JSON.stringify(checked.data, null, 2)}\n`),
  };
}

/**
 * Writes encoded bytes at `key` under `mode`, returning the new etag. A lost conditional put is
 * rethrown as the store's `precondition_failed` for the caller to name; any other failure
 * becomes the document's write-error diagnostic.
 */
export async function putDocument<T, I>(
  store: ClusterStore,
  doc: StoredDocument<T, I>,
  key: string,
  bytes: Uint8Array,
  mode: PutMode,
): Promise<string> {
  try {
    return await store.objects.put(key, bytes, mode);
  } catch (error) {
    if (isOmniError(error, 'precondition_failed')) throw error;
    throw clusterError(
      storageCodeOf(error),
      doc.codes.writeError,
      key,
      `cannot write ${doc.name} at ${store.displayPath(key)}: ${messageOf(error)}`,
      error,
    );
  }
}

function versionOf(raw: unknown, field: string): unknown {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw)
    ? (raw as Record<string, unknown>)[field]
    : undefined;
}

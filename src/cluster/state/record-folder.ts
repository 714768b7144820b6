import { listAll, PutModes, type PutMode } from '../../storage/object-store.js';
import { isOmniError, messageOf } from '../../util/omni-error.js';
import { clusterError, isClusterError, storageCodeOf, type ClusterError } from './cluster-error.js';
import { RECORD_SUFFIX } from './cluster-keys.js';
import type { ClusterStore } from './cluster-store.js';
import { ULID_PATTERN } from './stored-fields.js';
import {
  encodeDocument,
  putDocument,
  readDocument,
  type StoredDocument,
} from './stored-document.js';

/** A folder of JSON records named by their ULID (`<prefix><id>.json`). */
export interface RecordFolder<T, I = T> {
  readonly document: StoredDocument<T, I>;
  readonly prefix: string;
  /** The key of record `id` (validating the id). */
  readonly keyOf: (id: string) => string;
  /** The id a record holds, which must be the one its key names. */
  readonly idOf: (record: T) => string;
}

/** A record read from its folder, with the etag a conditional rewrite compares. */
export interface StoredRecord<T> {
  readonly id: string;
  readonly key: string;
  readonly record: T;
  readonly etag: string;
}

/** One entry of a folder listing: a record, or the diagnostic of one that cannot be used. */
export type FolderEntry<T> =
  | ({ readonly kind: 'ok' } & StoredRecord<T>)
  | {
      readonly kind: 'error';
      readonly id: string;
      readonly key: string;
      readonly error: ClusterError;
    };

/** Reads record `id`; `undefined` when absent. */
export async function readFolderRecord<T, I>(
  store: ClusterStore,
  folder: RecordFolder<T, I>,
  id: string,
): Promise<StoredRecord<T> | undefined> {
  const key = folder.keyOf(id);
  const read = await readDocument(store, folder.document, key);
  if (read === undefined) return undefined;
  checkId(store, folder, key, id, read.value);
  return { id, key, record: read.value, etag: read.etag };
}

/**
 * Every entry of the folder in ULID (creation) order. One bad record does not hide the others:
 * it is an `error` entry carrying its diagnostic, and so is any object not named `<ULID>.json`.
 * A failed listing throws the document's read-error diagnostic.
 */
export async function listFolderRecords<T, I>(
  store: ClusterStore,
  folder: RecordFolder<T, I>,
): Promise<FolderEntry<T>[]> {
  const keys: string[] = [];
  try {
    for await (const object of listAll(store.objects, folder.prefix)) keys.push(object.key);
  } catch (error) {
    throw clusterError(
      storageCodeOf(error),
      folder.document.codes.readError,
      folder.prefix,
      `cannot list ${store.displayPath(folder.prefix)}: ${messageOf(error)}`,
      error,
    );
  }
  const entries = await Promise.all(keys.sort().map((key) => entryOf(store, folder, key)));
  return entries.filter((entry) => entry !== undefined);
}

/** Writes a new record under its id; an existing record of that id is never replaced. */
export async function createFolderRecord<T, I>(
  store: ClusterStore,
  folder: RecordFolder<T, I>,
  record: I,
): Promise<StoredRecord<T>> {
  return putRecord(store, folder, record, PutModes.create);
}

/** Replaces a record, only if it is still the version read at `etag`. */
export async function replaceFolderRecord<T, I>(
  store: ClusterStore,
  folder: RecordFolder<T, I>,
  record: I,
  etag: string,
): Promise<StoredRecord<T>> {
  return putRecord(store, folder, record, PutModes.ifMatch(etag));
}

async function putRecord<T, I>(
  store: ClusterStore,
  folder: RecordFolder<T, I>,
  record: I,
  mode: PutMode,
): Promise<StoredRecord<T>> {
  const encoded = encodeDocument(folder.document, record);
  const id = folder.idOf(encoded.value);
  const key = folder.keyOf(id);
  try {
    const etag = await putDocument(store, folder.document, key, encoded.bytes, mode);
    return { id, key, record: encoded.value, etag };
  } catch (error) {
    if (!isOmniError(error, 'precondition_failed')) throw error;
    throw clusterError(
      'conflict',
      folder.document.codes.writeError,
      key,
      mode.kind === 'create'
        ? `${folder.document.name} ${store.displayPath(key)} already exists`
        : `${folder.document.name} ${store.displayPath(key)} changed since it was read`,
      error,
    );
  }
}

async function entryOf<T, I>(
  store: ClusterStore,
  folder: RecordFolder<T, I>,
  key: string,
): Promise<FolderEntry<T> | undefined> {
  const name = key.slice(folder.prefix.length);
  const id = name.endsWith(RECORD_SUFFIX) ? name.slice(0, -RECORD_SUFFIX.length) : name;
  try {
    if (!ULID_PATTERN.test(id) || id === name) {
      throw invalidRecord(store, folder, key, `it is not named <ULID>${RECORD_SUFFIX}`);
    }
    const read = await readDocument(store, folder.document, key);
    // Deleted between the listing and the read: it is no longer an entry.
    if (read === undefined) return undefined;
    checkId(store, folder, key, id, read.value);
    return { kind: 'ok', id, key, record: read.value, etag: read.etag };
  } catch (error) {
    if (!isClusterError(error)) throw error;
    return { kind: 'error', id, key, error };
  }
}

function checkId<T, I>(
  store: ClusterStore,
  folder: RecordFolder<T, I>,
  key: string,
  id: string,
  record: T,
): void {
  const held = folder.idOf(record);
  if (held !== id) throw invalidRecord(store, folder, key, `it holds id ${held}, not ${id}`);
}

function invalidRecord<T, I>(
  store: ClusterStore,
  folder: RecordFolder<T, I>,
  key: string,
  problem: string,
): ClusterError {
  return clusterError(
    'permanent',
    folder.document.codes.invalid,
    key,
    `invalid ${folder.document.name} at ${store.displayPath(key)}: ${problem}`,
  );
}

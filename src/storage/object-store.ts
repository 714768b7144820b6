/** Kinds of request a store counts (one per backend round trip or its local equivalent). */
export type RequestKind = 'GET' | 'HEAD' | 'PUT' | 'LIST' | 'DELETE';

/** Request counts by kind. */
export type RequestCounts = Readonly<Record<RequestKind, number>>;

/** How a put treats an existing object. */
export type PutMode =
  /** Replace whatever is there (last writer wins). */
  | { readonly kind: 'overwrite' }
  /** Succeed only when the key is absent; otherwise `precondition_failed`. */
  | { readonly kind: 'create' }
  /** Succeed only when the key holds exactly this etag; otherwise `precondition_failed`. */
  | { readonly kind: 'ifMatch'; readonly etag: string };

/** Put modes by name, for call sites: `put(key, bytes, PutModes.create)`. */
export const PutModes = {
  overwrite: { kind: 'overwrite' },
  create: { kind: 'create' },
  ifMatch: (etag: string): PutMode => ({ kind: 'ifMatch', etag }),
} as const satisfies Record<string, PutMode | ((etag: string) => PutMode)>;

/** Metadata of a stored object. */
export interface ObjectMeta {
  readonly key: string;
  readonly size: number;
  /** Opaque version token; changes whenever the object is written. Compare with `===`. */
  readonly etag: string;
  readonly lastModified: Date;
}

/** An object's bytes and the etag they were read at. */
export interface StoredObject {
  readonly bytes: Uint8Array;
  readonly etag: string;
}

/** Options of {@link ObjectStore.list}. */
export interface ListOptions {
  /** Group keys by this separator after the prefix into `commonPrefixes` (usually `/`). */
  readonly delimiter?: string;
  /** Continue a previous listing. */
  readonly pageToken?: string;
  /** Page size; default and maximum 1000. */
  readonly maxKeys?: number;
}

/** One page of a listing, in lexicographic key order. */
export interface ListPage {
  readonly objects: readonly ObjectMeta[];
  readonly commonPrefixes: readonly string[];
  readonly nextPageToken: string | undefined;
}

/**
 * One interface over local disk, memory and S3. Keys are relative, `/`-separated paths inside
 * the store's root. Every backend gives the same guarantees: `create` and `ifMatch` puts are
 * atomic compare-and-swaps (a loser gets `precondition_failed`, no update is lost) and readers
 * never see a partially written object.
 */
export interface ObjectStore {
  /** Canonical URI of the store's root. */
  readonly uri: string;
  /** Bytes and etag of `key`; `not_found` when absent. */
  get(key: string): Promise<StoredObject>;
  /** Metadata of `key`, or `undefined` when absent. */
  head(key: string): Promise<ObjectMeta | undefined>;
  /**
   * The bytes of `key` read synchronously (null when absent or unreadable: `get` then reports
   * why), on backends that need no round trip for it: a small local file is read in
   * microseconds, against ~60 µs per step of an asynchronous read. Absent on backends that must
   * ask (S3). For small objects only (a branch head), which a reader revalidates by content.
   */
  readonly getSync?: (key: string) => Uint8Array | null;
  /** Writes `bytes` at `key` under `mode` and returns the new etag. */
  put(key: string, bytes: Uint8Array, mode?: PutMode): Promise<string>;
  /** Lists keys starting with `prefix` (which may be empty), one page at a time. */
  list(prefix: string, options?: ListOptions): Promise<ListPage>;
  /** Deletes `key`; deleting an absent key succeeds. */
  delete(key: string): Promise<void>;
  /** Deletes every key starting with `prefix` and returns how many were deleted. */
  deletePrefix(prefix: string): Promise<number>;
  /**
   * Deletes every key of `keys` (absent ones succeed) in as few requests as the backend allows:
   * one per {@link MAX_DELETE_BATCH} keys on S3.
   */
  deleteKeys(keys: readonly string[]): Promise<void>;
  /** Requests made so far, by kind. */
  requestCounts(): RequestCounts;
}

/** Largest page any backend returns. */
export const MAX_LIST_PAGE = 1000;

/** Most keys one S3 batch delete names. */
export const MAX_DELETE_BATCH = 1000;

/** Every object under `prefix`, following pages. */
export async function* listAll(store: ObjectStore, prefix: string): AsyncGenerator<ObjectMeta> {
  let pageToken: string | undefined;
  do {
    const page = await store.list(prefix, pageToken === undefined ? {} : { pageToken });
    yield* page.objects;
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
}

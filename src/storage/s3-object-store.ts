import { randomBytes } from 'node:crypto';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { OmniError } from '../util/omni-error.js';
import { DEFAULT_RETRY, withRetry } from '../util/retry.js';
import { DEFAULT_SETTINGS, type S3Settings } from '../api/settings.js';
import { withDeadline } from './attempt-deadline.js';
import { pageSizeOf } from './list-page.js';
import { validateKey, validatePrefix } from './object-key.js';
import {
  MAX_DELETE_BATCH,
  type ListOptions,
  type ListPage,
  type ObjectMeta,
  type ObjectStore,
  type PutMode,
  type RequestCounts,
  type StoredObject,
} from './object-store.js';
import { preconditionFailed } from './precondition.js';
import { RequestCounter } from './request-counter.js';
import { s3ClientFor } from './s3-client.js';
import {
  isAmbiguousConditional,
  isNotFound,
  isPreconditionStatus,
  isTransient,
  s3Failure,
} from './s3-failure.js';

const unquote = (etag: string | undefined): string => (etag ?? '').replace(/^(W\/)?"|"$/g, '');

/** User-metadata key holding the id of the put that wrote an object. */
const WRITER_META = 'og-writer';

/** One attempt of a request: it gets a signal that aborts when its time budget runs out. */
type Attempt<T> = (signal: AbortSignal) => Promise<T>;

/**
 * Objects in an S3 bucket under a prefix. Conditional writes use `If-None-Match: *` and
 * `If-Match: <etag>` (sent unquoted, which both AWS and Ceph RGW accept). An ambiguous answer
 * to a conditional put (409/500/503, as RGW gives when it loses a race) is settled by reading
 * the object again, never taken as success. Every attempt of every request is bounded in time
 * (`connectTimeoutMs` + `requestTimeoutMs`), and failures worth it are retried up to
 * `maxAttempts` attempts with jittered exponential backoff.
 */
export class S3ObjectStore implements ObjectStore {
  readonly uri: string;
  readonly #bucket: string;
  readonly #prefix: string;
  readonly #settings: S3Settings;
  readonly #client: S3Client;
  readonly #counter = new RequestCounter();

  constructor(bucket: string, prefix: string, settings: S3Settings = DEFAULT_SETTINGS.s3) {
    this.#bucket = bucket;
    this.#prefix = prefix === '' ? '' : `${prefix}/`;
    this.uri = prefix === '' ? `s3://${bucket}` : `s3://${bucket}/${prefix}`;
    this.#settings = settings;
    this.#client = s3ClientFor(settings);
  }

  #fullKey(key: string): string {
    return this.#prefix + key;
  }

  /** Runs one attempt of a request kind within its time budget, counting it. */
  #attempt<T>(kind: keyof RequestCounts, attempt: Attempt<T>): Promise<T> {
    this.#counter.count(kind);
    return withDeadline(this.#settings.connectTimeoutMs + this.#settings.requestTimeoutMs, attempt);
  }

  /** Sends one request kind with retries on transient failures; the last failure is typed. */
  async #send<T>(kind: keyof RequestCounts, what: string, attempt: Attempt<T>): Promise<T> {
    let attempts = 0;
    try {
      return await withRetry(
        (n) => {
          attempts = n;
          return this.#attempt(kind, attempt);
        },
        isTransient,
        { ...DEFAULT_RETRY, attempts: this.#settings.maxAttempts },
      );
    } catch (error) {
      throw this.#failure(error, what, attempts);
    }
  }

  #failure(error: unknown, what: string, attempts: number): OmniError {
    return s3Failure(error, {
      what,
      uri: this.uri,
      bucket: this.#bucket,
      settings: this.#settings,
      attempts,
    });
  }

  async get(key: string): Promise<StoredObject> {
    validateKey(key);
    try {
      return await this.#send('GET', `get '${key}'`, async (abortSignal) => {
        const out = await this.#client.send(
          new GetObjectCommand({ Bucket: this.#bucket, Key: this.#fullKey(key) }),
          { abortSignal },
        );
        const bytes = out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
        return { bytes, etag: unquote(out.ETag) };
      });
    } catch (error) {
      if (isNotFound((error as OmniError).cause ?? error)) {
        throw new OmniError('not_found', `object '${key}' not found in ${this.uri}`);
      }
      throw error;
    }
  }

  async head(key: string): Promise<ObjectMeta | undefined> {
    validateKey(key);
    try {
      return await this.#send('HEAD', `head '${key}'`, async (abortSignal) => {
        const out = await this.#client.send(
          new HeadObjectCommand({ Bucket: this.#bucket, Key: this.#fullKey(key) }),
          { abortSignal },
        );
        return {
          key,
          size: out.ContentLength ?? 0,
          etag: unquote(out.ETag),
          lastModified: out.LastModified ?? new Date(0),
        };
      });
    } catch (error) {
      if (isNotFound((error as OmniError).cause ?? error)) return undefined;
      throw error;
    }
  }

  async put(
    key: string,
    bytes: Uint8Array,
    mode: PutMode = { kind: 'overwrite' },
  ): Promise<string> {
    validateKey(key);
    // A unique writer id identifies our write when a conditional answer is ambiguous; content
    // cannot, since two writers may put identical bytes.
    const writer = randomBytes(12).toString('hex');
    const input: PutObjectCommandInput = {
      Bucket: this.#bucket,
      Key: this.#fullKey(key),
      Body: bytes,
      ContentLength: bytes.byteLength,
      Metadata: { [WRITER_META]: writer },
      ...(mode.kind === 'create' ? { IfNoneMatch: '*' } : {}),
      ...(mode.kind === 'ifMatch' ? { IfMatch: mode.etag } : {}),
    };
    const send: Attempt<string> = async (abortSignal) =>
      unquote((await this.#client.send(new PutObjectCommand(input), { abortSignal })).ETag);
    if (mode.kind === 'overwrite') return this.#send('PUT', `put '${key}'`, send);
    return this.#conditionalPut(key, writer, mode, send);
  }

  async #conditionalPut(
    key: string,
    writer: string,
    mode: PutMode,
    send: Attempt<string>,
  ): Promise<string> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.#attempt('PUT', send);
      } catch (error) {
        if (isPreconditionStatus(error) || (mode.kind === 'ifMatch' && isNotFound(error))) {
          throw preconditionFailed(key, mode);
        }
        if (!isAmbiguousConditional(error) && !isTransient(error))
          throw this.#failure(error, `put '${key}'`, attempt);
        if (attempt >= this.#settings.maxAttempts)
          throw this.#failure(error, `put '${key}'`, attempt);
      }
      // Settle what happened by looking at the object now.
      const current = await this.#headWithWriter(key);
      if (current?.writer === writer) return current.etag;
      const unchanged =
        mode.kind === 'create'
          ? current === undefined
          : mode.kind === 'ifMatch' && current?.etag === mode.etag;
      if (!unchanged) throw preconditionFailed(key, mode, current?.etag);
    }
  }

  async #headWithWriter(
    key: string,
  ): Promise<{ etag: string; writer: string | undefined } | undefined> {
    try {
      return await this.#send('HEAD', `head '${key}'`, async (abortSignal) => {
        const out = await this.#client.send(
          new HeadObjectCommand({ Bucket: this.#bucket, Key: this.#fullKey(key) }),
          { abortSignal },
        );
        return { etag: unquote(out.ETag), writer: out.Metadata?.[WRITER_META] };
      });
    } catch (error) {
      if (isNotFound((error as OmniError).cause ?? error)) return undefined;
      throw error;
    }
  }

  async list(prefix: string, options?: ListOptions): Promise<ListPage> {
    validatePrefix(prefix);
    const maxKeys = pageSizeOf(options);
    const out = await this.#send('LIST', `list '${prefix}'`, (abortSignal) =>
      this.#client.send(
        new ListObjectsV2Command({
          Bucket: this.#bucket,
          Prefix: this.#fullKey(prefix),
          MaxKeys: maxKeys,
          ...(options?.delimiter ? { Delimiter: options.delimiter } : {}),
          ...(options?.pageToken ? { ContinuationToken: options.pageToken } : {}),
        }),
        { abortSignal },
      ),
    );
    const strip = (full: string) => full.slice(this.#prefix.length);
    return {
      objects: (out.Contents ?? []).map((o) => ({
        key: strip(o.Key ?? ''),
        size: o.Size ?? 0,
        etag: unquote(o.ETag),
        lastModified: o.LastModified ?? new Date(0),
      })),
      commonPrefixes: (out.CommonPrefixes ?? []).map((p) => strip(p.Prefix ?? '')),
      nextPageToken: out.IsTruncated ? out.NextContinuationToken : undefined,
    };
  }

  async delete(key: string): Promise<void> {
    validateKey(key);
    await this.#send('DELETE', `delete '${key}'`, (abortSignal) =>
      this.#client.send(
        new DeleteObjectCommand({ Bucket: this.#bucket, Key: this.#fullKey(key) }),
        { abortSignal },
      ),
    );
  }

  async deletePrefix(prefix: string): Promise<number> {
    validatePrefix(prefix);
    let deleted = 0;
    for (;;) {
      // Always list from the start: the previous page is gone.
      const page = await this.list(prefix);
      if (page.objects.length === 0) return deleted;
      await this.#deleteBatch(
        page.objects.map((o) => o.key),
        `delete prefix '${prefix}'`,
      );
      deleted += page.objects.length;
    }
  }

  async deleteKeys(keys: readonly string[]): Promise<void> {
    keys.forEach(validateKey);
    for (let start = 0; start < keys.length; start += MAX_DELETE_BATCH) {
      const batch = keys.slice(start, start + MAX_DELETE_BATCH);
      await this.#deleteBatch(batch, `delete ${batch.length} keys`);
    }
  }

  /** One batch delete (at most {@link MAX_DELETE_BATCH} keys); any key S3 refuses fails it. */
  async #deleteBatch(keys: readonly string[], what: string): Promise<void> {
    const out = await this.#send('DELETE', what, (abortSignal) =>
      this.#client.send(
        new DeleteObjectsCommand({
          Bucket: this.#bucket,
          Delete: { Objects: keys.map((key) => ({ Key: this.#fullKey(key) })), Quiet: true },
        }),
        { abortSignal },
      ),
    );
    if (out.Errors && out.Errors.length > 0) {
      const first = out.Errors[0];
      throw new OmniError(
        'permanent',
        `could not delete '${first?.Key ?? '?'}' in ${this.uri}: ${first?.Message ?? first?.Code ?? 'unknown'}`,
      );
    }
  }

  requestCounts(): RequestCounts {
    return this.#counter.snapshot();
  }
}

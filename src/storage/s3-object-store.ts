import { randomBytes } from 'node:crypto';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import { OmniError, messageOf } from '../util/omni-error.js';
import { withRetry } from '../util/retry.js';
import { pageSizeOf } from './list-page.js';
import { validateKey, validatePrefix } from './object-key.js';
import type {
  ListOptions,
  ListPage,
  ObjectMeta,
  ObjectStore,
  PutMode,
  RequestCounts,
  StoredObject,
} from './object-store.js';
import { preconditionFailed } from './precondition.js';
import { RequestCounter } from './request-counter.js';
import { DEFAULT_SETTINGS, type S3Settings } from '../api/settings.js';

interface SdkError {
  readonly name?: string;
  readonly code?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

function statusOf(error: unknown): number | undefined {
  return (error as SdkError | undefined)?.$metadata?.httpStatusCode;
}

function nameOf(error: unknown): string {
  const e = error as SdkError | undefined;
  return e?.name ?? e?.code ?? '';
}

const TRANSIENT_NAMES = new Set([
  'SlowDown',
  'InternalError',
  'ServiceUnavailable',
  'RequestTimeout',
  'RequestTimeTooSkewed',
  'TimeoutError',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'NetworkingError',
  'Throttling',
  'ThrottlingException',
]);

function isTransient(error: unknown): boolean {
  const status = statusOf(error);
  return (
    TRANSIENT_NAMES.has(nameOf(error)) || status === 429 || (status !== undefined && status >= 500)
  );
}

/** RGW and S3 disagree on how they report a lost conditional put; these statuses are ambiguous. */
function isAmbiguousConditional(error: unknown): boolean {
  const status = statusOf(error);
  return (
    status === 409 ||
    status === 500 ||
    status === 503 ||
    nameOf(error) === 'ConditionalRequestConflict'
  );
}

function isPreconditionStatus(error: unknown): boolean {
  return statusOf(error) === 412 || nameOf(error) === 'PreconditionFailed';
}

function isNotFound(error: unknown): boolean {
  const name = nameOf(error);
  return (
    (statusOf(error) === 404 && name !== 'NoSuchBucket') ||
    name === 'NoSuchKey' ||
    name === 'NotFound'
  );
}

const unquote = (etag: string | undefined): string => (etag ?? '').replace(/^(W\/)?"|"$/g, '');

/** User-metadata key holding the id of the put that wrote an object. */
const WRITER_META = 'og-writer';

const CLIENTS = new Map<string, S3Client>();

function clientFor(settings: S3Settings): S3Client {
  const cacheKey = JSON.stringify(settings);
  let client = CLIENTS.get(cacheKey);
  if (!client) {
    client = new S3Client({
      region: settings.region,
      ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
      forcePathStyle: settings.forcePathStyle,
      // RGW rejects the SDK's default streamed checksums; these are needed for it and harmless on AWS.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // We retry ourselves so that every attempt is counted.
      maxAttempts: 1,
    });
    CLIENTS.set(cacheKey, client);
  }
  return client;
}

/**
 * Objects in an S3 bucket under a prefix. Conditional writes use `If-None-Match: *` and
 * `If-Match: <etag>` (sent unquoted, which both AWS and Ceph RGW accept). An ambiguous answer
 * to a conditional put (409/500/503, as RGW gives when it loses a race) is settled by reading
 * the object again, never taken as success.
 */
export class S3ObjectStore implements ObjectStore {
  readonly uri: string;
  readonly #bucket: string;
  readonly #prefix: string;
  readonly #client: S3Client;
  readonly #counter = new RequestCounter();

  constructor(bucket: string, prefix: string, settings: S3Settings = DEFAULT_SETTINGS.s3) {
    this.#bucket = bucket;
    this.#prefix = prefix === '' ? '' : `${prefix}/`;
    this.uri = prefix === '' ? `s3://${bucket}` : `s3://${bucket}/${prefix}`;
    this.#client = clientFor(settings);
  }

  #fullKey(key: string): string {
    return this.#prefix + key;
  }

  /** Sends one request kind with retries on transient failures, counting each attempt. */
  async #send<T>(kind: keyof RequestCounts, what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await withRetry(() => {
        this.#counter.count(kind);
        return call();
      }, isTransient);
    } catch (error) {
      throw this.#translate(error, what);
    }
  }

  #translate(error: unknown, what: string): unknown {
    if (error instanceof OmniError) return error;
    const name = nameOf(error);
    const status = statusOf(error);
    const where = `${what} in ${this.uri}`;
    if (name === 'NoSuchBucket') {
      return new OmniError('configuration', `bucket '${this.#bucket}' does not exist (${where})`, {
        cause: error,
      });
    }
    if (name === 'CredentialsProviderError') {
      return new OmniError(
        'configuration',
        'no AWS credentials found; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or a profile)',
        { cause: error },
      );
    }
    if (
      status === 401 ||
      status === 403 ||
      ['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch'].includes(name)
    ) {
      return new OmniError(
        'configuration',
        `S3 refused the credentials (${name || status}) for ${where}`,
        {
          cause: error,
        },
      );
    }
    if (isTransient(error)) {
      return new OmniError(
        'transient',
        `S3 kept failing (${name || status}) for ${where}: ${messageOf(error)}`,
        {
          cause: error,
        },
      );
    }
    return new OmniError(
      'permanent',
      `S3 failed (${name || status}) for ${where}: ${messageOf(error)}`,
      { cause: error },
    );
  }

  async get(key: string): Promise<StoredObject> {
    validateKey(key);
    try {
      return await this.#send('GET', `get '${key}'`, async () => {
        const out = await this.#client.send(
          new GetObjectCommand({ Bucket: this.#bucket, Key: this.#fullKey(key) }),
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
      return await this.#send('HEAD', `head '${key}'`, async () => {
        const out = await this.#client.send(
          new HeadObjectCommand({ Bucket: this.#bucket, Key: this.#fullKey(key) }),
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
    const send = async () => unquote((await this.#client.send(new PutObjectCommand(input))).ETag);
    if (mode.kind === 'overwrite') return this.#send('PUT', `put '${key}'`, send);
    return this.#conditionalPut(key, writer, mode, send);
  }

  async #conditionalPut(
    key: string,
    writer: string,
    mode: PutMode,
    send: () => Promise<string>,
  ): Promise<string> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        this.#counter.count('PUT');
        return await send();
      } catch (error) {
        if (isPreconditionStatus(error) || (mode.kind === 'ifMatch' && isNotFound(error))) {
          throw preconditionFailed(key, mode);
        }
        if (!isAmbiguousConditional(error) && !isTransient(error))
          throw this.#translate(error, `put '${key}'`);
        if (attempt >= 5) throw this.#translate(error, `put '${key}'`);
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
      return await this.#send('HEAD', `head '${key}'`, async () => {
        const out = await this.#client.send(
          new HeadObjectCommand({ Bucket: this.#bucket, Key: this.#fullKey(key) }),
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
    const out = await this.#send('LIST', `list '${prefix}'`, () =>
      this.#client.send(
        new ListObjectsV2Command({
          Bucket: this.#bucket,
          Prefix: this.#fullKey(prefix),
          MaxKeys: maxKeys,
          ...(options?.delimiter ? { Delimiter: options.delimiter } : {}),
          ...(options?.pageToken ? { ContinuationToken: options.pageToken } : {}),
        }),
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
    await this.#send('DELETE', `delete '${key}'`, () =>
      this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: this.#fullKey(key) })),
    );
  }

  async deletePrefix(prefix: string): Promise<number> {
    validatePrefix(prefix);
    let deleted = 0;
    for (;;) {
      // Always list from the start: the previous page is gone.
      const page = await this.list(prefix);
      if (page.objects.length === 0) return deleted;
      const out = await this.#send('DELETE', `delete prefix '${prefix}'`, () =>
        this.#client.send(
          new DeleteObjectsCommand({
            Bucket: this.#bucket,
            Delete: {
              Objects: page.objects.map((o) => ({ Key: this.#fullKey(o.key) })),
              Quiet: true,
            },
          }),
        ),
      );
      if (out.Errors && out.Errors.length > 0) {
        const first = out.Errors[0];
        throw new OmniError(
          'permanent',
          `could not delete '${first?.Key ?? '?'}' in ${this.uri}: ${first?.Message ?? first?.Code ?? 'unknown'}`,
        );
      }
      deleted += page.objects.length;
    }
  }

  requestCounts(): RequestCounts {
    return this.#counter.snapshot();
  }
}

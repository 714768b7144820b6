import type { ServerResponse } from 'node:http';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveSettings, type S3Settings } from '../../src/api/index.js';
import { PutModes, S3ObjectStore } from '../../src/storage/index.js';
import { isOmniError, type OmniError } from '../../src/util/index.js';
import {
  answerError,
  refusingEndpoint,
  scriptedEndpoint,
  silentEndpoint,
} from './fake-s3-endpoint.js';

/** Small budgets (two attempts of at most 150 + 250 ms) for endpoints that never answer. */
function budgets(endpoint: string, overrides: Partial<S3Settings> = {}): S3Settings {
  return resolveSettings({
    s3: {
      endpoint,
      allowHttp: true,
      connectTimeoutMs: 150,
      requestTimeoutMs: 250,
      maxAttempts: 2,
      ...overrides,
    },
  }).s3;
}

/** Runs `call`, expecting an OmniError; returns it with the time it took. */
async function failure(call: () => Promise<unknown>): Promise<{ error: OmniError; ms: number }> {
  const started = Date.now();
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isOmniError(error), `expected an OmniError, got ${String(error)}`).toBe(true);
  return { error: error as OmniError, ms: Date.now() - started };
}

function answerObject(response: ServerResponse, body: string): void {
  response.writeHead(200, { etag: '"e1"', 'content-length': String(Buffer.byteLength(body)) });
  response.end(body);
}

beforeEach(() => {
  // The SDK signs every request; any credentials do for a fake endpoint.
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'fake-key');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'fake-secret');
  vi.stubEnv('AWS_SESSION_TOKEN', '');
});

describe('S3 requests against an endpoint that never answers', () => {
  it('fail every operation within the budget, naming the endpoint and the budget', async () => {
    const endpoint = await silentEndpoint();
    const store = new S3ObjectStore('bucket', 'graph', budgets(endpoint.url));
    const expected =
      `S3 endpoint ${endpoint.url} did not answer within 250 ms (2 attempts); ` +
      'check AWS_ENDPOINT_URL and that the server is up, or raise OMNIGRAPH_S3_REQUEST_TIMEOUT_MS';
    const calls: (readonly [string, () => Promise<unknown>])[] = [
      ['get', () => store.get('k')],
      ['head', () => store.head('k')],
      ['overwrite put', () => store.put('k', new Uint8Array([1]))],
      ['list', () => store.list('')],
      ['delete', () => store.delete('k')],
    ];
    for (const [label, call] of calls) {
      const { error, ms } = await failure(call);
      expect(error.message, label).toBe(expected);
      expect(error.code, label).toBe('transient');
      // Two attempts of at most 400 ms and one backoff of at most 50 ms, with slack for load.
      expect(ms, label).toBeLessThan(5_000);
    }
    const counts = store.requestCounts();
    expect([counts.GET, counts.HEAD, counts.PUT, counts.LIST, counts.DELETE]).toEqual([
      2, 2, 2, 2, 2,
    ]);
  });

  it('bounds a conditional put too: each attempt is timed, then settled by a HEAD', async () => {
    // PUT hangs; HEAD says the object is still absent, so the create is retried.
    const endpoint = await scriptedEndpoint((request, response) => {
      if (request.method === 'HEAD') answerError(response, 404, 'NotFound');
    });
    const store = new S3ObjectStore('bucket', 'graph', budgets(endpoint.url, { maxAttempts: 3 }));
    const { error, ms } = await failure(() => store.put('k', new Uint8Array([1]), PutModes.create));
    expect(error.message).toContain('did not answer within 250 ms (3 attempts)');
    expect(ms).toBeLessThan(8_000);
    const counts = store.requestCounts();
    expect(counts.PUT).toBe(3);
    // One settling HEAD after each failed attempt but the last (more only if one timed out).
    expect(counts.HEAD).toBeGreaterThanOrEqual(2);
  });

  it('bounds a body that stops halfway, not only the wait for headers', async () => {
    const endpoint = await scriptedEndpoint((_request, response) => {
      response.writeHead(200, { etag: '"e1"', 'content-length': '1000' });
      response.write('only the first bytes');
    });
    const store = new S3ObjectStore('bucket', 'graph', budgets(endpoint.url));
    const { error, ms } = await failure(() => store.get('k'));
    expect(error.message).toContain('did not answer within 250 ms (2 attempts)');
    expect(ms).toBeLessThan(5_000);
  });

  it('waits as long as the budget allows: a slow answer within it arrives', async () => {
    const endpoint = await scriptedEndpoint((_request, response) => {
      setTimeout(() => {
        answerObject(response, 'late');
      }, 300);
    });
    const store = new S3ObjectStore(
      'bucket',
      'graph',
      budgets(endpoint.url, { requestTimeoutMs: 5_000 }),
    );
    const object = await store.get('k');
    expect(new TextDecoder().decode(object.bytes)).toBe('late');
    expect(store.requestCounts().GET).toBe(1);
  });
});

describe('S3 requests against an endpoint that refuses connections', () => {
  it('retry, then say the endpoint could not be reached', async () => {
    const endpoint = await refusingEndpoint();
    const store = new S3ObjectStore('bucket', 'graph', budgets(endpoint.url, { maxAttempts: 3 }));
    const { error } = await failure(() => store.get('k'));
    expect(error.message).toBe(
      `S3 endpoint ${endpoint.url} could not be reached (ECONNREFUSED, 3 attempts); ` +
        'check AWS_ENDPOINT_URL and that the server is up',
    );
    expect(store.requestCounts().GET).toBe(3);
  });
});

/** Budgets no answer of a test endpoint exceeds, even on a loaded machine. */
const ample = { requestTimeoutMs: 15_000 };

describe('S3 requests against an endpoint that fails a few times', () => {
  it('retry 500s and succeed once the endpoint answers', async () => {
    const endpoint = await scriptedEndpoint((_request, response, n) => {
      if (n <= 2) answerError(response, 500, 'InternalError');
      else answerObject(response, 'hello');
    });
    const store = new S3ObjectStore(
      'bucket',
      'graph',
      budgets(endpoint.url, { ...ample, maxAttempts: 4 }),
    );
    const object = await store.get('k');
    expect(new TextDecoder().decode(object.bytes)).toBe('hello');
    expect(object.etag).toBe('e1');
    expect(store.requestCounts().GET).toBe(3);
  });

  it('retry a 503 on an overwrite put', async () => {
    const endpoint = await scriptedEndpoint((_request, response, n) => {
      if (n === 1) answerError(response, 503, 'SlowDown');
      else answerObject(response, '');
    });
    const store = new S3ObjectStore('bucket', 'graph', budgets(endpoint.url, ample));
    expect(await store.put('k', new Uint8Array([1]))).toBe('e1');
    expect(store.requestCounts().PUT).toBe(2);
  });

  it('give up after the configured attempts with the status and the count', async () => {
    const endpoint = await scriptedEndpoint((_request, response) => {
      answerError(response, 500, 'InternalError');
    });
    const store = new S3ObjectStore(
      'bucket',
      'graph',
      budgets(endpoint.url, { ...ample, maxAttempts: 3 }),
    );
    const { error } = await failure(() => store.get('k'));
    expect(error.code).toBe('transient');
    expect(error.message).toContain("S3 kept failing (500 InternalError, 3 attempts) for get 'k'");
    expect(endpoint.hits()).toBe(3);
  });

  it('do not retry what retrying cannot fix', async () => {
    const endpoint = await scriptedEndpoint((_request, response) => {
      answerError(response, 400, 'InvalidArgument');
    });
    const store = new S3ObjectStore(
      'bucket',
      'graph',
      budgets(endpoint.url, { ...ample, maxAttempts: 4 }),
    );
    const { error } = await failure(() => store.get('k'));
    expect(error.code).toBe('permanent');
    expect(endpoint.hits()).toBe(1);
  });
});

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settingsFromEnv, type EmbeddingSettings } from '../../src/api/index.js';
import {
  createEmbeddingProvider,
  MockEmbeddingProvider,
  normalizeVector,
} from '../../src/embedding/index.js';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

/** The embedding settings an environment describes. */
const embeddingFromEnv = (env: Record<string, string>): EmbeddingSettings =>
  settingsFromEnv(env).embedding;

describe('embedding providers', () => {
  let server: Server;
  let base: string;
  let handler: Handler = () => undefined;
  const seen: { url: string; headers: IncomingMessage['headers']; body: unknown }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen.push({
          url: request.url ?? '',
          headers: request.headers,
          body: JSON.parse(body || 'null'),
        });
        handler(request, body, response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const config = (
    provider: EmbeddingSettings['provider'],
    extra: Record<string, string> = {},
  ): EmbeddingSettings =>
    embeddingFromEnv({
      OMNIGRAPH_EMBED_PROVIDER: provider,
      OMNIGRAPH_EMBED_BASE_URL: base,
      OMNIGRAPH_EMBED_RETRY_BACKOFF_MS: '1',
      OPENROUTER_API_KEY: 'or-key',
      OPENAI_API_KEY: 'oa-key',
      GEMINI_API_KEY: 'g-key',
      ...extra,
    });
  const json = (
    response: ServerResponse,
    status: number,
    value: unknown,
    headers: Record<string, string> = {},
  ) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(value));
  };

  it('the mock provider is deterministic, normalized, and depends on model and text', async () => {
    const mock = new MockEmbeddingProvider('m1');
    const [a1] = await mock.embed(['alpha'], { dimension: 12, task: 'query' });
    const [a2] = await mock.embed(['alpha'], { dimension: 12, task: 'document' });
    const [b] = await mock.embed(['beta'], { dimension: 12, task: 'query' });
    const [other] = await new MockEmbeddingProvider('m2').embed(['alpha'], {
      dimension: 12,
      task: 'query',
    });
    expect(a1).toHaveLength(12);
    expect(a1).toEqual(a2);
    expect(b).not.toEqual(a1);
    expect(other).not.toEqual(a1);
    expect(Math.hypot(...(a1 ?? []))).toBeCloseTo(1, 12);
    const [long] = await mock.embed(['alpha'], { dimension: 20, task: 'query' });
    expect(long).toHaveLength(20);
  });

  it('normalizes vectors and rejects wrong dimensions, non-finite and zero vectors', () => {
    expect(normalizeVector([3, 4], 2, 'p')).toEqual([0.6, 0.8]);
    expect(() => normalizeVector([1, 2, 3], 2, 'p')).toThrow(/3 dimensions; the property needs 2/);
    expect(() => normalizeVector([1, Number.NaN], 2, 'p')).toThrow(/non-finite/);
    expect(() => normalizeVector([0, 0], 2, 'p')).toThrow(/all-zero/);
  });

  it('openai-compatible posts {model, input, dimensions} with bearer auth and orders by index', async () => {
    handler = (_request, _body, response) => {
      json(response, 200, {
        data: [
          { index: 1, embedding: [0, 2] },
          { index: 0, embedding: [3, 4] },
        ],
      });
    };
    seen.length = 0;
    const provider = createEmbeddingProvider(
      config('openai-compatible', { OMNIGRAPH_EMBED_MODEL: 'emb-x' }),
    );
    expect(provider.model).toBe('emb-x');
    expect(await provider.embed(['a', 'b'], { dimension: 2, task: 'query' })).toEqual([
      [0.6, 0.8],
      [0, 1],
    ]);
    expect(seen[0]?.url).toBe('/embeddings');
    expect(seen[0]?.headers.authorization).toBe('Bearer or-key');
    expect(seen[0]?.body).toEqual({ model: 'emb-x', input: ['a', 'b'], dimensions: 2 });
  });

  it('retries 429 and 5xx, then succeeds; gives up with transient after the attempts', async () => {
    let calls = 0;
    handler = (_request, _body, response) => {
      calls += 1;
      if (calls === 1) json(response, 429, { error: 'slow down' }, { 'retry-after': '0' });
      else if (calls === 2) json(response, 503, { error: 'busy' });
      else json(response, 200, { data: [{ index: 0, embedding: [1, 0] }] });
    };
    const provider = createEmbeddingProvider(config('openai'));
    expect(await provider.embed(['a'], { dimension: 2, task: 'query' })).toEqual([[1, 0]]);
    expect(calls).toBe(3);
    calls = 0;
    handler = (_request, _body, response) => {
      calls += 1;
      json(response, 500, { error: 'down' });
    };
    await expect(
      createEmbeddingProvider(config('openai', { OMNIGRAPH_EMBED_RETRY_ATTEMPTS: '2' })).embed(
        ['a'],
        {
          dimension: 2,
          task: 'query',
        },
      ),
    ).rejects.toMatchObject({ code: 'transient' });
    expect(calls).toBe(2);
  });

  it('does not retry an authentication failure, and needs a key', async () => {
    let calls = 0;
    handler = (_request, _body, response) => {
      calls += 1;
      json(response, 401, { error: 'bad key' });
    };
    await expect(
      createEmbeddingProvider(config('openai')).embed(['a'], { dimension: 2, task: 'query' }),
    ).rejects.toMatchObject({
      code: 'configuration',
      message: expect.not.stringContaining('oa-key') as unknown as string,
    });
    expect(calls).toBe(1);
    const keyless = embeddingFromEnv({
      OMNIGRAPH_EMBED_PROVIDER: 'openai',
      OMNIGRAPH_EMBED_BASE_URL: base,
    });
    await expect(
      createEmbeddingProvider(keyless).embed(['a'], { dimension: 2, task: 'query' }),
    ).rejects.toThrow(/set OPENAI_API_KEY/);
  });

  it('bounds an attempt by the timeout and the call by the deadline', async () => {
    handler = () => undefined; // never answers
    const slow = createEmbeddingProvider(
      config('openai', { OMNIGRAPH_EMBED_TIMEOUT_MS: '50', OMNIGRAPH_EMBED_DEADLINE_MS: '400' }),
    );
    const started = Date.now();
    await expect(slow.embed(['a'], { dimension: 2, task: 'query' })).rejects.toMatchObject({
      code: 'transient',
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('gemini posts embedContent with the key header, task type and output dimensionality', async () => {
    handler = (_request, _body, response) => {
      json(response, 200, { embedding: { values: [0, 5] } });
    };
    seen.length = 0;
    const provider = createEmbeddingProvider(config('gemini'));
    expect(await provider.embed(['q'], { dimension: 2, task: 'query' })).toEqual([[0, 1]]);
    expect(seen[0]?.url).toBe('/models/gemini-embedding-2:embedContent');
    expect(seen[0]?.headers['x-goog-api-key']).toBe('g-key');
    expect(seen[0]?.body).toMatchObject({
      content: { parts: [{ text: 'q' }] },
      taskType: 'RETRIEVAL_QUERY',
      outputDimensionality: 2,
    });
    handler = (_request, _body, response) => {
      json(response, 200, { embedding: { values: [1, 2, 3] } });
    };
    await expect(provider.embed(['q'], { dimension: 2, task: 'document' })).rejects.toThrow(
      /3 dimensions/,
    );
  });
});

import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { normalizeVector } from '../../../src/embedding/index.js';
import { SPEC, embed, filesIn, linesOf, seedText, workspace } from './embed-harness.js';

interface Seen {
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown>;
}

type Handler = (seen: Seen, response: ServerResponse) => void;

/** A raw vector derived from the text, so each record's vector can be predicted. */
const rawVector = (text: string, dimension = 4): number[] =>
  Array.from({ length: dimension }, (_, i) => text.length + i + 1);

const json = (response: ServerResponse, status: number, value: unknown): void => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(value));
};

/** An OpenAI-compatible `/embeddings`: `{data: [{index, embedding}]}`, listed in reverse. */
const openAi =
  (dimension = 4): Handler =>
  (seen, response) => {
    const input = seen.body.input as string[];
    const data = input.map((text, index) => ({ index, embedding: rawVector(text, dimension) }));
    json(response, 200, { data: data.reverse() });
  };

/** Gemini's `models/{model}:embedContent`: `{embedding: {values}}`, one text per call. */
const gemini: Handler = (seen, response) => {
  const parts = (seen.body.content as { parts: { text: string }[] }).parts;
  json(response, 200, { embedding: { values: rawVector(parts[0]?.text ?? '') } });
};

const notes = (count: number): string[] =>
  Array.from(
    { length: count },
    (_, i) => `{"type":"Note","data":{"code":"n${i}","text":"note ${i}"}}`,
  );

describe('omnigraph embed with an HTTP embedding provider (a local server)', () => {
  let server: Server;
  let base: string;
  let handler: Handler = openAi();
  const seen: Seen[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const entry = {
          url: request.url ?? '',
          headers: request.headers,
          body: JSON.parse(body || '{}') as Record<string, unknown>,
        };
        seen.push(entry);
        handler(entry, response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    seen.length = 0;
  });

  const env = (provider: string, extra: Record<string, string> = {}): Record<string, string> => ({
    OMNIGRAPH_EMBED_PROVIDER: provider,
    OMNIGRAPH_EMBED_BASE_URL: base,
    OMNIGRAPH_EMBED_RETRY_BACKOFF_MS: '1',
    OPENROUTER_API_KEY: 'or-key',
    OPENAI_API_KEY: 'oa-key',
    GEMINI_API_KEY: 'g-key',
    ...extra,
  });

  it('openai-compatible: batches of 64 texts, {model, input, dimensions}, bearer auth, vectors in input order', async () => {
    handler = openAi();
    const lines = notes(70);
    const dir = await workspace({ 'raw.jsonl': seedText(lines), 'spec.json': SPEC });
    const run = await embed(
      dir,
      ['--json'],
      env('openai-compatible', { OMNIGRAPH_EMBED_MODEL: 'emb-x' }),
    );
    expect(run.err).toBe('');
    expect(JSON.parse(run.out)).toMatchObject({
      embedded_records: 70,
      model: 'emb-x',
      dimension: 4,
    });
    expect(seen.map((call) => (call.body.input as string[]).length)).toEqual([64, 6]);
    expect(seen[0]?.url).toBe('/embeddings');
    expect(seen[0]?.headers.authorization).toBe('Bearer or-key');
    expect(seen[0]?.body).toMatchObject({ model: 'emb-x', dimensions: 4 });
    expect((seen[1]?.body.input as string[])[0]).toBe('note 64');
    const out = await linesOf(dir, 'out.jsonl');
    for (const index of [0, 63, 64, 69]) {
      const vector = normalizeVector(rawVector(`note ${index}`), 4, 'test');
      expect(out[index]).toBe(`${lines[index]?.slice(0, -2)},"vec":${JSON.stringify(vector)}}}`);
    }
  });

  it('openai: the text of a record is its fields joined by a newline', async () => {
    handler = openAi();
    const lines = ['{"type":"Doc","data":{"slug":"a","title":"Alpha","body":"first"}}'];
    const dir = await workspace({ 'raw.jsonl': seedText(lines), 'spec.json': SPEC });
    const run = await embed(dir, [], env('openai'));
    expect(run.code).toBe(0);
    expect(seen[0]?.body).toEqual({
      model: 'text-embedding-3-large',
      input: ['Alpha\nfirst'],
      dimensions: 4,
    });
    expect(seen[0]?.headers.authorization).toBe('Bearer oa-key');
  });

  it('gemini: one embedContent call per text, x-goog-api-key, RETRIEVAL_DOCUMENT, outputDimensionality', async () => {
    handler = gemini;
    const dir = await workspace({ 'raw.jsonl': seedText(notes(3)), 'spec.json': SPEC });
    const run = await embed(dir, ['--json'], env('gemini'));
    expect(JSON.parse(run.out)).toMatchObject({ embedded_records: 3, model: 'gemini-embedding-2' });
    expect(seen).toHaveLength(3);
    expect(seen[0]?.url).toBe('/models/gemini-embedding-2:embedContent');
    expect(seen[0]?.headers['x-goog-api-key']).toBe('g-key');
    expect(seen[2]?.body).toEqual({
      model: 'models/gemini-embedding-2',
      content: { parts: [{ text: 'note 2' }] },
      taskType: 'RETRIEVAL_DOCUMENT',
      outputDimensionality: 4,
    });
    const out = await linesOf(dir, 'out.jsonl');
    expect(out[2]).toContain(
      `"vec":${JSON.stringify(normalizeVector(rawVector('note 2'), 4, 't'))}`,
    );
  });

  it('a vector of the wrong dimension from the provider is refused, naming the lines; nothing is written', async () => {
    handler = openAi(3);
    const dir = await workspace({ 'raw.jsonl': seedText(notes(5)), 'spec.json': SPEC });
    const run = await embed(
      dir,
      ['--json'],
      env('openai-compatible', { OMNIGRAPH_EMBED_MODEL: 'emb-x' }),
    );
    expect(run.code).toBe(1);
    expect(JSON.parse(run.out)).toMatchObject({
      code: 'bad_request',
      error:
        "embedding lines 1-5 of 'raw.jsonl' with openai-compatible (emb-x): openai-compatible returned a vector of 3 dimensions; the property needs 4",
    });
    expect(await filesIn(dir)).toEqual(['raw.jsonl', 'spec.json']);
  });

  it('a refused key and a provider that keeps failing are reported with their codes; nothing is written', async () => {
    handler = (_seen, response) => {
      json(response, 401, { error: 'bad key' });
    };
    const dir = await workspace({
      'raw.jsonl': seedText(notes(2)),
      'spec.json': SPEC,
      'out.jsonl': 'before\n',
    });
    const unauthorized = await embed(dir, [], env('openai-compatible'));
    expect(unauthorized.err).toBe(
      'error: embedding lines 1-2 of \'raw.jsonl\' with openai-compatible (openai/text-embedding-3-large): openai-compatible answered 401: {"error":"bad key"}\n',
    );
    expect(unauthorized.code).toBe(1);
    handler = (_seen, response) => {
      json(response, 503, { error: 'busy' });
    };
    const busy = await embed(
      dir,
      [],
      env('openai-compatible', { OMNIGRAPH_EMBED_RETRY_ATTEMPTS: '2' }),
    );
    expect(busy.err).toMatch(
      /^error: embedding lines 1-2 of 'raw\.jsonl' with openai-compatible \(.*\): openai-compatible embedding request failed: openai-compatible answered 503/,
    );
    expect(seen.length).toBe(3);
    expect(await filesIn(dir)).toEqual(['out.jsonl', 'raw.jsonl', 'spec.json']);
    expect(await readFile(path.join(dir, 'out.jsonl'), 'utf8')).toBe('before\n');
  });

  it('clean never calls the provider, and needs no key', async () => {
    handler = openAi();
    const dir = await workspace({ 'raw.jsonl': seedText(notes(2)), 'spec.json': SPEC });
    const run = await embed(dir, ['--clean', '--json'], { OMNIGRAPH_EMBED_PROVIDER: 'gemini' });
    expect(JSON.parse(run.out)).toMatchObject({ mode: 'clean', model: null, cleaned_records: 0 });
    expect(seen).toHaveLength(0);
  });
});

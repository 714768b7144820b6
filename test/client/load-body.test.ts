import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { LoadProgress } from '../../src/api/index.js';
import { loadBody } from '../../src/client/load-body.js';

/** Reads a request body to its end, as the HTTP transport does; resolves its byte length. */
async function drain(body: unknown): Promise<number> {
  let bytes = 0;
  for await (const chunk of body as ReadableStream<Uint8Array>) bytes += chunk.byteLength;
  return bytes;
}

async function progressOf(content: string): Promise<{ sent: number; seen: LoadProgress[] }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'load-body-'));
  await writeFile(path.join(dir, 'data.jsonl'), content);
  const seen: LoadProgress[] = [];
  const body = await loadBody({ path: 'data.jsonl' }, dir, (progress) => seen.push(progress));
  return { sent: await drain(body), seen };
}

it('reports a file read in one chunk once, with its size', async () => {
  const content = '{"type":"Person","data":{"name":"Ada"}}\n';
  const { sent, seen } = await progressOf(content);
  expect(sent).toBe(content.length);
  expect(seen).toEqual([
    {
      phase: 'upload',
      done: content.length,
      total: content.length,
      bytes: content.length,
      totalBytes: content.length,
    },
  ]);
});

it('reports an empty file once, with nothing sent', async () => {
  const { sent, seen } = await progressOf('');
  expect(sent).toBe(0);
  expect(seen.map((progress) => progress.bytes)).toEqual([0]);
});

it('reports a file of many chunks in growing counts, the last its size', async () => {
  const content = 'x'.repeat(1024 * 1024);
  const { sent, seen } = await progressOf(content);
  expect(sent).toBe(content.length);
  const bytes = seen.map((progress) => progress.bytes ?? -1);
  for (let i = 1; i < bytes.length; i += 1) expect(bytes[i]).toBeGreaterThan(bytes[i - 1] ?? 0);
  expect(bytes.at(-1)).toBe(content.length);
});

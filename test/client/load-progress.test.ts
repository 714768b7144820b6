import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LoadProgress } from '../../src/api/index.js';
import { connect } from '../../src/client/index.js';
import { GRAPH, servedFixture, TOKEN, type ServedFixture } from './served-fixture.js';

let fixture: ServedFixture;

beforeAll(async () => {
  fixture = await servedFixture();
}, 90_000);
afterAll(async () => fixture.stop());

it('a remote load of a file reports upload progress up to the file size', async () => {
  const file = path.join(fixture.dir, 'upload.jsonl');
  const rows = 50_000;
  const lines: string[] = [];
  for (let i = 0; i < rows; i += 1)
    lines.push(
      JSON.stringify({ type: 'Person', data: { name: `upload-person-${i}`, age: i % 90 } }),
    );
  await writeFile(file, `${lines.join('\n')}\n`);
  const size = (await stat(file)).size;
  expect(size).toBeGreaterThan(2 * 1024 * 1024);

  const graph = connect({ url: fixture.url, graph: GRAPH, token: TOKEN, cwd: fixture.dir });
  const seen: LoadProgress[] = [];
  const output = await graph.load(
    { data: { path: 'upload.jsonl' }, mode: 'merge' },
    { onProgress: (progress) => seen.push(progress) },
  );
  expect(output.total_entities).toBe(rows);

  expect(seen.length).toBeGreaterThanOrEqual(2);
  for (const progress of seen) {
    expect(progress.phase).toBe('upload');
    expect(progress.totalBytes).toBe(size);
    expect(progress.total).toBe(size);
    expect(progress.done).toBe(progress.bytes);
  }
  const bytes = seen.map((progress) => progress.bytes ?? -1);
  for (let i = 1; i < bytes.length; i += 1) expect(bytes[i]).toBeGreaterThan(bytes[i - 1] ?? 0);
  expect(bytes.at(-1)).toBe(size);
}, 120_000);

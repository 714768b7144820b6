import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const created: string[] = [];

afterAll(async () => {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh temporary directory, removed after the test file. */
export async function freshTempDir(label: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `omnigraph-${label}-`));
  created.push(dir);
  return dir;
}

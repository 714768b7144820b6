import { readdir, readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { DIAGNOSTIC_CODES } from '../../../src/cluster/diagnostic.js';

const read = (relative: string): Promise<string> =>
  readFile(new URL(`../../../${relative}`, import.meta.url), 'utf8');

it('docs/reference/cluster-config.md lists exactly the codes the config layer emits', async () => {
  const doc = await read('docs/reference/cluster-config.md');
  const listed = new Set(
    [...doc.matchAll(/^\| `([a-z_]+)` \| (?:error|warning) \|/gm)].map((m) => m[1]),
  );
  const dir = 'src/cluster/config';
  const files = (await readdir(new URL(`../../../${dir}`, import.meta.url))).filter((f) =>
    f.endsWith('.ts'),
  );
  const sources = await Promise.all(files.map((file) => read(`${dir}/${file}`)));
  const emitted = new Set(
    DIAGNOSTIC_CODES.filter((code) => sources.some((s) => s.includes(`'${code}'`))),
  );
  expect([...listed].sort()).toEqual([...emitted].sort());
});

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { captureIo } from '../helpers/capture-io.js';
import { freshTempDir } from '../helpers/temp-dir.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures');

async function og(cwd: string, ...args: string[]) {
  const io = captureIo(cwd);
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

const DATA = [
  { type: 'Person', data: { name: 'Alice', age: 30 } },
  { type: 'Person', data: { name: 'Bob', age: 25 } },
  { type: 'Company', data: { name: 'Acme' } },
  { edge: 'WorksAt', from: 'Alice', to: 'Acme', data: { id: 'w1' } },
]
  .map((line) => JSON.stringify(line))
  .join('\n');

it('load --mode merge that changes nothing says no commit was published', async () => {
  const dir = await freshTempDir('cli-load-noop');
  expect((await og(dir, 'init', '--schema', path.join(fixtures, 'test.pg'), 'g')).code).toBe(0);
  await writeFile(path.join(dir, 'data.jsonl'), DATA);
  const load = (...extra: string[]) =>
    og(dir, '--quiet', 'load', 'g', '--mode', 'merge', '--data', 'data.jsonl', ...extra);
  const first = await load();
  expect(first.code).toBe(0);
  expect(first.out).not.toContain('no commit');
  const commits = (await og(dir, 'commit', 'list', 'g', '--json')).out;
  expect(commits).toContain('graph_commit_id');

  const again = await load();
  expect(again.code).toBe(0);
  expect(again.out).toBe(
    `loaded ${again.out.split(' ')[1] ?? ''} on branch main with merge: 4 entities across 2 node types and 1 edge types\n` +
      'no commit published: the load changed nothing on branch main\n',
  );
  const json = await load('--json');
  expect(json.code).toBe(0);
  expect(JSON.parse(json.out)).toMatchObject({ commit: null, total_entities: 4 });
  expect((await og(dir, 'commit', 'list', 'g', '--json')).out).toBe(commits);
});

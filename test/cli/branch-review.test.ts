import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { storageState, TEST_PG } from '../engine/graph-helpers.js';
import { captureIo } from '../helpers/capture-io.js';
import { freshTempDir } from '../helpers/temp-dir.js';

const ADD = 'query add($name: String, $age: I32?) { insert Person { name: $name, age: $age } }';
const AGE = 'query set_age($n: String, $a: I32) { update Person set { age: $a } where name = $n }';

async function og(cwd: string, ...args: string[]) {
  const io = captureIo(cwd);
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('omnigraph branch diff and branch merge --dry-run', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshTempDir('cli-branch-review');
    await writeFile(path.join(dir, 'schema.pg'), TEST_PG);
    const writes = [
      ['init', '--schema', 'schema.pg', 'g'],
      ['mutate', '--store', 'g', '-e', ADD, '--params', '{"name":"Alice","age":30}'],
      ['branch', 'create', '--uri', 'g', 'feature'],
      [
        'mutate',
        '--store',
        'g',
        '-e',
        AGE,
        '--params',
        '{"n":"Alice","a":31}',
        '--branch',
        'feature',
      ],
      ['mutate', '--store', 'g', '-e', ADD, '--params', '{"name":"Eve"}', '--branch', 'feature'],
      ['mutate', '--store', 'g', '-e', ADD, '--params', '{"name":"Bob"}'],
      ['branch', 'create', '--uri', 'g', 'rival'],
      [
        'mutate',
        '--store',
        'g',
        '-e',
        AGE,
        '--params',
        '{"n":"Alice","a":40}',
        '--branch',
        'rival',
      ],
    ];
    for (const args of writes) {
      const result = await og(dir, '--quiet', ...args);
      expect(result.code, `${args.join(' ')}: ${result.err}`).toBe(0);
    }
  });

  it('branch diff SOURCE prints the proposal since the merge base', async () => {
    const result = await og(dir, 'branch', 'diff', '--uri', 'g', 'feature');
    expect(result).toMatchObject({ code: 0, err: '' });
    const lines = result.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^merge base of feature and main: [0-9A-Z]{26}$/);
    expect(lines[1]).toMatch(/^to: feature \([0-9A-Z]{26}\)$/);
    expect(lines.slice(2)).toEqual([
      'update node Person Alice',
      '  age: 30 -> 31',
      'insert node Person Eve',
      '  + name: Eve',
      '  + age: <null>',
    ]);
  });

  it('branch diff FROM TO is two-point; paging and filters as commit changes', async () => {
    const result = await og(dir, 'branch', 'diff', '--uri', 'g', 'main', 'feature', '--limit', '1');
    expect(result.code).toBe(0);
    expect(result.out).toContain('delete node Person Bob\n');
    expect(result.out).toContain('insert node Person Eve\n');
    const json = await og(
      dir,
      'branch',
      'diff',
      '--uri',
      'g',
      'feature',
      '--op',
      'update',
      '--json',
    );
    const diff = JSON.parse(json.out) as { into: string; changes: { id: string }[] };
    expect(diff.into).toBe('main');
    expect(diff.changes.map((c) => c.id)).toEqual(['Alice']);
    const both = await og(dir, 'branch', 'diff', '--uri', 'g', 'main', 'feature', '--into', 'x');
    expect(both.code).toBe(2);
  });

  it('--dry-run reports the outcome or the conflicts (exit 1) and writes nothing', async () => {
    const before = await storageState(path.join(dir, 'g'));
    const planned = await og(dir, 'branch', 'merge', '--uri', 'g', 'feature', '--dry-run');
    expect(planned).toMatchObject({
      code: 0,
      out: 'dry run: merging feature into main would be: merged\n',
      err: '',
    });
    const conflict = await og(
      dir,
      'branch',
      'merge',
      '--uri',
      'g',
      'rival',
      '--into',
      'feature',
      '--dry-run',
    );
    expect(conflict.code).toBe(1);
    expect(conflict.err).toContain(
      "merge conflicts: node type 'Person', entity id 'Alice' (divergent_update)",
    );
    const refused = await og(
      dir,
      'branch',
      'merge',
      '--uri',
      'g',
      'feature',
      '--dry-run',
      '--delete-branch',
    );
    expect(refused.code).toBe(2);
    expect(await storageState(path.join(dir, 'g'))).toEqual(before);
  });
});

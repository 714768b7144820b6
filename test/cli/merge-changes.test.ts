import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { Omnigraph } from '../../src/engine/omnigraph.js';
import { captureIo } from '../helpers/capture-io.js';
import { freshTempDir } from '../helpers/temp-dir.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures');

async function og(cwd: string, ...args: string[]) {
  const io = captureIo(cwd);
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** Writes NDJSON lines to a file in `dir` and returns its name. */
async function data(dir: string, name: string, ...lines: object[]): Promise<string> {
  await writeFile(path.join(dir, name), lines.map((l) => JSON.stringify(l)).join('\n'));
  return name;
}

async function load(dir: string, file: string, ...extra: string[]): Promise<string> {
  const result = await og(dir, 'load', 'g', '--mode', 'merge', '--data', file, '--json', ...extra);
  expect(result.code, result.err).toBe(0);
  return (JSON.parse(result.out) as { commit: { graph_commit_id: string } }).commit.graph_commit_id;
}

describe('omnigraph branch merge', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshTempDir('cli-merge');
    expect((await og(dir, 'init', '--schema', path.join(fixtures, 'test.pg'), 'g')).code).toBe(0);
    await load(dir, path.join(fixtures, 'test.jsonl'));
  });

  it('fast-forwards with a write echo, and is then already up to date', async () => {
    expect((await og(dir, 'branch', 'create', '--uri', 'g', 'feature')).code).toBe(0);
    await load(
      dir,
      await data(dir, 'eve.jsonl', { type: 'Person', data: { name: 'Eve' } }),
      '--branch',
      'feature',
    );
    const merged = await og(dir, 'branch', 'merge', '--uri', 'g', 'feature');
    expect(merged.code, merged.err).toBe(0);
    expect(merged.err).toMatch(/^omnigraph branch merge → g \(direct, local\)\n$/);
    expect(merged.out).toMatch(/^merged feature into main: fast_forward\ncommit: [0-9A-Z]{26}\n$/);
    const again = await og(dir, 'branch', 'merge', '--uri', 'g', 'feature', '--json');
    expect(JSON.parse(again.out)).toEqual({
      source: 'feature',
      target: 'main',
      outcome: 'already_up_to_date',
      commit: null,
    });
  });

  it('reports conflicts on stderr and exits 1, changing nothing', async () => {
    await og(dir, 'branch', 'create', '--uri', 'g', 'left');
    await og(dir, 'branch', 'create', '--uri', 'g', 'right');
    await load(
      dir,
      await data(dir, 'l.jsonl', { type: 'Person', data: { name: 'Zed', age: 1 } }),
      '--branch',
      'left',
    );
    await load(
      dir,
      await data(dir, 'r.jsonl', { type: 'Person', data: { name: 'Zed', age: 2 } }),
      '--branch',
      'right',
    );
    const before = await og(dir, 'commit', 'list', 'g', '--branch', 'right');
    const result = await og(dir, 'branch', 'merge', '--uri', 'g', 'left', '--into', 'right');
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      "error: merge conflicts: node type 'Person', entity id 'Zed' (divergent_insert)",
    );
    expect((await og(dir, 'commit', 'list', 'g', '--branch', 'right')).out).toBe(before.out);
  });

  it('refuses merging a branch into itself', async () => {
    const result = await og(dir, 'branch', 'merge', '--uri', 'g', 'left', '--into', 'left');
    expect(result.code).toBe(1);
    expect(result.err).toContain("cannot merge branch 'left' into itself");
  });

  it('--delete-branch deletes the source, and a refused delete is a warning with exit 0', async () => {
    await og(dir, 'branch', 'create', '--uri', 'g', 'done');
    const deleted = await og(
      dir,
      'branch',
      'merge',
      '--uri',
      'g',
      'done',
      '--delete-branch',
      '--json',
    );
    expect(deleted.code, deleted.err).toBe(0);
    expect(JSON.parse(deleted.out)).toMatchObject({
      outcome: 'already_up_to_date',
      branch_deleted: true,
    });

    await og(dir, 'branch', 'create', '--uri', 'g', 'parent');
    await load(
      dir,
      await data(dir, 'p.jsonl', { type: 'Person', data: { name: 'Pat' } }),
      '--branch',
      'parent',
    );
    await og(dir, 'branch', 'create', '--uri', 'g', 'kid', '--from', 'parent');
    const refused = await og(dir, 'branch', 'merge', '--uri', 'g', 'parent', '--delete-branch');
    expect(refused.code).toBe(0);
    expect(refused.out).toMatch(/^merged parent into main: fast_forward\n/);
    expect(refused.err).toContain("warning: branch 'parent' not deleted: ");
    expect((await og(dir, 'branch', 'list', '--uri', 'g')).out).toContain('parent');
  });
});

describe('omnigraph commit changes', () => {
  let dir: string;
  let loaded: string;
  let updated: string;
  beforeAll(async () => {
    dir = await freshTempDir('cli-changes');
    expect((await og(dir, 'init', '--schema', path.join(fixtures, 'test.pg'), 'g')).code).toBe(0);
    loaded = await load(
      dir,
      await data(
        dir,
        'people.jsonl',
        { type: 'Person', data: { name: 'Loaded C', age: 3 } },
        { type: 'Person', data: { name: 'Loaded A' } },
        { type: 'Person', data: { name: 'Loaded B', age: 2 } },
        { edge: 'Knows', from: 'Loaded A', to: 'Loaded B' },
      ),
    );
    updated = await load(
      dir,
      await data(dir, 'age.jsonl', { type: 'Person', data: { name: 'Loaded A', age: 7 } }),
    );
  });

  it('prints the cause and one block of lines per change', async () => {
    const result = await og(dir, 'commit', 'changes', '--uri', 'g', updated);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toMatch(
      new RegExp(
        `^commit: ${updated}\nbranch: main\nparent: ${loaded}\nauthored_at: \\d+\nupdate node Person Loaded A\n  age: <null> -> 7\n$`,
      ),
    );
    const inserts = await og(dir, 'commit', 'changes', '--uri', 'g', loaded);
    const lines = inserts.out.split('\n');
    expect(lines.slice(4)).toEqual([
      'insert node Person Loaded A',
      '  + name: Loaded A',
      '  + age: <null>',
      'insert node Person Loaded B',
      '  + name: Loaded B',
      '  + age: 2',
      'insert node Person Loaded C',
      '  + name: Loaded C',
      '  + age: 3',
      expect.stringMatching(/^insert edge Knows [0-9A-Z]{26}$/),
      '  Loaded A -> Loaded B',
      '  + since: <null>',
      '',
    ]);
  });

  it('reads every page unless --page-token names one', async () => {
    const all = await og(dir, 'commit', 'changes', '--uri', 'g', loaded, '--limit', '1', '--json');
    const page = JSON.parse(all.out) as { changes: { id: string }[]; next_page_token: null };
    expect(page.changes.map((c) => c.id).slice(0, 3)).toEqual(['Loaded A', 'Loaded B', 'Loaded C']);
    expect(page.next_page_token).toBeNull();
    const first = await og(
      dir,
      'commit',
      'changes',
      '--uri',
      'g',
      loaded,
      '--limit',
      '1',
      '--kind',
      'node',
      '--json',
    );
    expect(JSON.parse(first.out)).toMatchObject({
      changes: [{ id: 'Loaded A' }, { id: 'Loaded B' }, { id: 'Loaded C' }],
    });
    const nodes = await og(
      dir,
      'commit',
      'changes',
      '--uri',
      'g',
      loaded,
      '--kind',
      'node',
      '--op',
      'insert',
      '--type',
      'Person',
      '--limit',
      '2',
    );
    expect(nodes.out).not.toContain('edge');
    expect(nodes.out).not.toContain('next_page_token');
  });

  it('prints one page and its token with --page-token', async () => {
    const graph = await Omnigraph.open(path.join(dir, 'g'), { mode: 'read-only' });
    const { next_page_token: token } = await graph.commitChanges(loaded, { limit: 1 });
    await graph.close();
    const second = await og(
      dir,
      'commit',
      'changes',
      '--uri',
      'g',
      loaded,
      '--limit',
      '1',
      '--page-token',
      token!,
    );
    expect(second.code, second.err).toBe(0);
    const lines = second.out.split('\n');
    expect(lines.slice(4, 7)).toEqual([
      'insert node Person Loaded B',
      '  + name: Loaded B',
      '  + age: 2',
    ]);
    expect(lines[7]).toMatch(/^next_page_token: [A-Za-z0-9_-]+$/);
    const bad = await og(
      dir,
      'commit',
      'changes',
      '--uri',
      'g',
      loaded,
      '--page-token',
      'not-a-token',
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('error: change cursor rejected: ');
  });

  it('refuses the genesis commit and bad filters', async () => {
    const commits = await og(dir, 'commit', 'list', 'g', '--json');
    const list = (JSON.parse(commits.out) as { commits: { graph_commit_id: string }[] }).commits;
    const genesis = list[list.length - 1]!.graph_commit_id;
    const refused = await og(dir, 'commit', 'changes', '--uri', 'g', genesis);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('has no parent');
    const kind = await og(dir, 'commit', 'changes', '--uri', 'g', loaded, '--kind', 'table');
    expect(kind.err).toContain("unknown change kind 'table'");
    const limit = await og(dir, 'commit', 'changes', '--uri', 'g', loaded, '--limit', '8193');
    expect(limit.err).toContain('resource limit exceeded for commit_changes_page_changes');
  });
});

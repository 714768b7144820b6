import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { GraphKeys } from '../../src/engine/root/graph-layout.js';
import { openObjectStore } from '../../src/storage/index.js';
import { storageState, TEST_JSONL, TEST_PG } from '../engine/graph-helpers.js';
import { captureIo } from '../helpers/capture-io.js';
import { freshTempDir } from '../helpers/temp-dir.js';

const ADD = 'query add($name: String) { insert Person { name: $name } }';
const UTC = String.raw`\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ`;

async function og(cwd: string, ...args: string[]) {
  const io = captureIo(cwd);
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

interface Listed {
  readonly commits: { graph_commit_id: string; operation?: string; message?: string }[];
}

/** A graph `g` in a fresh directory, with `people.jsonl` and `wider.pg` beside it. */
async function freshGraphDir(label: string): Promise<string> {
  const dir = await freshTempDir(label);
  await writeFile(path.join(dir, 'schema.pg'), TEST_PG);
  await writeFile(path.join(dir, 'people.jsonl'), TEST_JSONL);
  await writeFile(
    path.join(dir, 'wider.pg'),
    TEST_PG.replace('age: I32?', 'age: I32?\n    nick: String?'),
  );
  expect((await og(dir, 'init', '--schema', 'schema.pg', 'g')).code).toBe(0);
  return dir;
}

describe('omnigraph writes with --message, and commit list', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshGraphDir('cli-commit-message');
    const writes = [
      ['load', 'g', '--data', 'people.jsonl', '--mode', 'merge', '-m', 'seed'],
      ['--as', 'act-ada', 'mutate', '--store', 'g', '-e', ADD, '--params', '{"name":"Eve"}'],
      ['mutate', '--store', 'g', '-e', ADD, '--params', '{"name":"Fay"}', '-m', 'add Fay\nsecond'],
      ['schema', 'apply', 'g', '--schema', 'wider.pg', '--message', 'nick'],
      ['branch', 'create', '--uri', 'g', 'side'],
      ['mutate', '--store', 'g', '-e', ADD, '--params', '{"name":"Gus"}', '--branch', 'side'],
      ['--as', 'act-bo', 'branch', 'merge', '--uri', 'g', 'side', '-m', 'merge side'],
      ['optimize', 'g', '--message', 'compact'],
    ];
    for (const args of writes) {
      const result = await og(dir, '--quiet', ...args);
      expect(result.code, `${args.join(' ')}: ${result.err}`).toBe(0);
    }
  });

  it('lists one line per commit: short id, operation, actor, UTC time, branch, message', async () => {
    const listed = await og(dir, 'commit', 'list', 'g');
    expect(listed).toMatchObject({ code: 0, err: '' });
    const { commits } = JSON.parse((await og(dir, 'commit', 'list', 'g', '--json')).out) as Listed;
    const lines = listed.out.trimEnd().split('\n');
    expect(lines).toHaveLength(commits.length);
    // The short ids are the first 12 characters of the ids, in the same order.
    expect(lines.map((line) => line.slice(0, 12))).toEqual(
      commits.map((c) => c.graph_commit_id.slice(0, 12)),
    );
    const rows = [
      ['optimize    ', '-      ', 'main', '  compact'],
      ['merge       ', 'act-bo ', 'main', '  merge side'],
      ['schema_apply', '-      ', 'main', '  nick'],
      ['mutate      ', '-      ', 'main', '  add Fay …'],
      ['mutate      ', 'act-ada', 'main', ''],
      ['load        ', '-      ', 'main', '  seed'],
      ['init        ', '-      ', 'main', ''],
    ];
    expect(lines).toHaveLength(rows.length);
    rows.forEach(([operation, actor, branch, message], i) => {
      const pattern = `^[0-9A-Z]{12}  ${operation}  ${actor}  ${UTC}  ${branch}${message}$`;
      expect(lines[i]).toMatch(new RegExp(pattern));
    });
    // A branch lists the commits it inherited with the branch each was written on.
    const side = await og(dir, 'commit', 'list', 'g', '--branch', 'side');
    expect(side.out.split('\n')[0]).toMatch(
      new RegExp(`^[0-9A-Z]{12}  mutate        -        ${UTC}  side$`),
    );
    expect(side.out.split('\n')[1]).toMatch(/ {2}main {2}nick$/);
  });

  it('keeps --json to the old fields plus operation and message', async () => {
    const { commits } = JSON.parse((await og(dir, 'commit', 'list', 'g', '--json')).out) as Listed;
    expect(Object.keys(commits[0]!)).toEqual([
      'graph_commit_id',
      'graph_branch',
      'graph_manifest_version',
      'parent_commit_id',
      'merged_parent_commit_id',
      'actor_id',
      'created_at',
      'operation',
      'message',
    ]);
    expect(commits.map((c) => c.message)).toEqual([
      'compact',
      'merge side',
      'nick',
      'add Fay\nsecond',
      undefined,
      'seed',
      undefined,
    ]);
  });

  it('shows the operation and the whole message of one commit', async () => {
    const { commits } = JSON.parse((await og(dir, 'commit', 'list', 'g', '--json')).out) as Listed;
    const shown = await og(dir, 'commit', 'show', '--uri', 'g', commits[3]!.graph_commit_id);
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(/\noperation: mutate\nmessage: add Fay\n {2}second\n$/);
    const bare = await og(dir, 'commit', 'show', '--uri', 'g', commits[4]!.graph_commit_id);
    expect(bare.out).toMatch(
      /\nactor_id: act-ada\ncreated_at: \d+\noperation: mutate\nmessage: \n$/,
    );
  });

  it('grows the short ids when two listed commits share their first 12 characters', async () => {
    const other = await freshGraphDir('cli-commit-short-ids');
    expect(
      (await og(other, '--quiet', 'load', 'g', '--data', 'people.jsonl', '--mode', 'merge')).code,
    ).toBe(0);
    // A commit of the same millisecond as the head whose id shares 14 characters with it (as
    // two writers' could), published on top of it by hand.
    const root = path.join(other, 'g');
    const store = openObjectStore(root);
    const decode = (bytes: Uint8Array) =>
      JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    const head = decode((await store.get(GraphKeys.head('main'))).bytes);
    const parent = decode((await store.get(GraphKeys.commit(head.commitId as string))).bytes);
    const parentId = parent.graph_commit_id as string;
    const twinId = `${parentId.slice(0, 14)}${parentId[14] === 'Z' ? 'Y' : 'Z'}${'0'.repeat(11)}`;
    const twin = {
      ...parent,
      graph_commit_id: twinId,
      parent_commit_id: parentId,
      graph_manifest_version: (parent.graph_manifest_version as number) + 1,
    };
    await store.put(GraphKeys.commit(twinId), new TextEncoder().encode(JSON.stringify(twin)));
    await store.put(
      GraphKeys.head('main'),
      new TextEncoder().encode(JSON.stringify({ ...head, commitId: twinId })),
    );
    const lines = (await og(other, 'commit', 'list', 'g')).out.trimEnd().split('\n');
    expect(lines.map((line) => line.split(' ')[0])).toEqual([
      twinId.slice(0, 15),
      parentId.slice(0, 15),
      expect.stringMatching(/^[0-9A-Z]{15}$/),
    ]);
  });
});

describe('a bad --message', () => {
  it('is a usage error naming the flag, on every write verb, and writes nothing', async () => {
    const dir = await freshGraphDir('cli-commit-message-bad');
    expect((await og(dir, '--quiet', 'branch', 'create', '--uri', 'g', 'side')).code).toBe(0);
    const root = path.join(dir, 'g');
    const before = await storageState(root);
    const long = 'x'.repeat(4097);
    const verbs = [
      [
        'load',
        'g',
        '--data',
        'people.jsonl',
        '--mode',
        'merge',
        '--branch',
        'new',
        '--from',
        'main',
      ],
      ['mutate', '--store', 'g', '-e', ADD, '--params', '{"name":"Zed"}'],
      ['branch', 'merge', '--uri', 'g', 'side'],
      ['schema', 'apply', 'g', '--schema', 'wider.pg'],
      ['optimize', 'g'],
    ];
    for (const args of verbs) {
      const tooLong = await og(dir, ...args, '--message', long);
      expect(tooLong, args[0]).toEqual({
        code: 2,
        out: '',
        err: 'error: --message is longer than 4096 characters (4097)\n',
      });
      const surrogate = await og(dir, ...args, '-m', 'ok\udfff', '--json');
      expect(surrogate.code, args[0]).toBe(2);
      expect(JSON.parse(surrogate.out)).toMatchObject({
        error: '--message is not well-formed Unicode: lone surrogate U+DFFF at character 3',
      });
    }
    expect(await storageState(root)).toEqual(before);
    // 4,096 characters, astral ones counted once, are accepted.
    const longest = await og(dir, '--quiet', 'optimize', 'g', '-m', '😀'.repeat(4096));
    expect(longest.code, longest.err).toBe(0);
  });
});

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { captureIo } from '../helpers/capture-io.js';
import { freshTempDir } from '../helpers/temp-dir.js';
import { TEAM_BUNDLE } from './policy-fixtures.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures');

async function og(cwd: string, ...args: string[]) {
  const io = captureIo(cwd);
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

const TESTS = `version: 1
cases:
  - { id: bruno-reads-main, actor: act-bruno, action: read, branch: main, expect: allow }
  - { id: bruno-writes-feature, actor: act-bruno, action: change, branch: feature, expect: allow }
  - { id: ragnor-merges-main, actor: act-ragnor, action: branch_merge, branch: f, target_branch: main, expect: allow }
`;

const FAILING = `version: 1
cases:
  - { id: bruno-exports, actor: act-bruno, action: export, branch: main, expect: allow }
  - { id: bruno-reads, actor: act-bruno, action: read, branch: main, expect: allow }
  - { id: bruno-writes-main, actor: act-bruno, action: change, branch: main, expect: deny }
  - { id: stranger-reads, actor: act-zed, action: read, expect: allow }
  - { id: bruno-writes-feature, actor: act-bruno, action: change, branch: feature, expect: deny }
`;

describe('omnigraph policy', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshTempDir('policy-cli');
    await writeFile(path.join(dir, 'team.yaml'), TEAM_BUNDLE);
    await writeFile(path.join(dir, 'team.tests.yaml'), TESTS);
    await writeFile(path.join(dir, 'failing.yaml'), FAILING);
    await writeFile(
      path.join(dir, 'bad.yml'),
      TEAM_BUNDLE.replace('group: admins', 'group: admin'),
    );
  });

  it('validate prints the bundle and its actors', async () => {
    expect(await og(dir, 'policy', 'validate', '--file', 'team.yaml')).toEqual({
      code: 0,
      out: "policy valid: bundle 'team' [3 actors]\n",
      err: '',
    });
    const json = await og(dir, 'policy', 'validate', '--file', 'team.yaml', '--json');
    expect(JSON.parse(json.out)).toEqual({ bundle: 'team', actors: 3, rules: 4 });
  });

  it('validate reports an invalid bundle, a missing file and a missing --file', async () => {
    const bad = await og(dir, 'policy', 'validate', '--file', 'bad.yml');
    expect(bad.code).toBe(1);
    expect(bad.err).toBe(
      "error: invalid policy bundle 'bad': rule 'admins-export': allow.actors.group: group 'admin' is not declared under groups\n",
    );
    const missing = await og(dir, 'policy', 'validate', '--file', 'none.yaml');
    expect(missing).toMatchObject({
      code: 1,
      err: "error: cannot read policy file 'none.yaml': no such file\n",
    });
    expect((await og(dir, 'policy', 'validate')).code).toBe(2);
  });

  it('test passes when every case decides as expected', async () => {
    const args = ['policy', 'test', '--file', 'team.yaml', '--tests', 'team.tests.yaml'];
    expect(await og(dir, ...args)).toEqual({
      code: 0,
      out: 'policy tests passed: 3 cases\n',
      err: '',
    });
    const json = await og(dir, ...args, '--json');
    expect(JSON.parse(json.out)).toEqual({ bundle: 'team', cases: 3, failures: [] });
  });

  it('test lists every case that decided otherwise and exits 1', async () => {
    const args = ['policy', 'test', '--file', 'team.yaml', '--tests', 'failing.yaml'];
    expect(await og(dir, ...args)).toEqual({
      code: 1,
      out: [
        'policy tests failed:',
        'bruno-exports: expected Allow but got deny',
        'stranger-reads: expected Allow but got deny',
        'bruno-writes-feature: expected Deny but got allow',
        '',
      ].join('\n'),
      err: '',
    });
    const json = await og(dir, ...args, '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({
      cases: 5,
      failures: [
        { id: 'bruno-exports', expected: 'allow', actual: 'deny' },
        { id: 'stranger-reads', expected: 'allow', actual: 'deny' },
        { id: 'bruno-writes-feature', expected: 'deny', actual: 'allow' },
      ],
    });
    const invalid = await og(dir, 'policy', 'test', '--file', 'team.yaml', '--tests', 'team.yaml');
    expect(invalid.code).toBe(1);
    expect(invalid.err).toContain(
      "error: invalid policy tests 'team': cases: is required; (top level): unknown fields 'groups', 'protected_branches', 'rules'",
    );
  });

  it('explain shows the decision and the rule behind it', async () => {
    const allowed = await og(
      dir,
      'policy',
      'explain',
      '--file',
      'team.yaml',
      '--actor',
      'act-ragnor',
      '--action',
      'branch_merge',
      '--branch',
      'feature',
      '--target-branch',
      'main',
    );
    expect(allowed).toEqual({
      code: 0,
      out: [
        'actor: act-ragnor',
        'action: branch_merge',
        'branch: feature',
        'target_branch: main',
        'decision: allow',
        'matched_rule: admins-merge',
        'message: -',
        '',
      ].join('\n'),
      err: '',
    });
    const denied = await og(
      dir,
      'policy',
      'explain',
      '--file',
      'team.yaml',
      '--actor',
      'act-bruno',
      '--action',
      'change',
      '--branch',
      'main',
      '--json',
    );
    expect(JSON.parse(denied.out)).toEqual({
      actor: 'act-bruno',
      action: 'change',
      branch: 'main',
      target_branch: null,
      allowed: false,
      matched_rule: null,
      message: "policy denied action 'change' on branch 'main' for actor 'act-bruno'",
    });
    const unknownAction = await og(
      dir,
      'policy',
      'explain',
      '--file',
      'team.yaml',
      '--actor',
      'a',
      '--action',
      'write',
    );
    expect(unknownAction.code).toBe(2);
    expect(unknownAction.err).toContain("argument 'write' is invalid");
  });
});

describe('--policy on data-plane verbs', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshTempDir('policy-cli-graph');
    await writeFile(path.join(dir, 'team.yaml'), TEAM_BUNDLE);
    expect((await og(dir, 'init', '--schema', path.join(fixtures, 'test.pg'), 'g')).code).toBe(0);
    const data = path.join(fixtures, 'test.jsonl');
    expect(
      (await og(dir, '--quiet', 'load', 'g', '--data', data, '--mode', 'overwrite')).code,
    ).toBe(0);
  });

  const QUERY = 'query people() { match { $p: Person } return { $p.name } }';
  const UPDATE = 'query older() { update Person set { age: 99 } where name = "Alice" }';

  it('reads as the --as actor', async () => {
    const read = await og(
      dir,
      '--policy',
      'team.yaml',
      '--as',
      'act-bruno',
      'query',
      '--store',
      'g',
      '-e',
      QUERY,
      '--json',
    );
    expect(read.code).toBe(0);
    expect(JSON.parse(read.out)).toMatchObject({ row_count: 4 });
    const listed = await og(
      dir,
      '--policy',
      'team.yaml',
      '--as',
      'act-bruno',
      'branch',
      'list',
      '--uri',
      'g',
    );
    expect(listed).toMatchObject({ code: 0, out: 'main\n' });
    const exported = await og(dir, '--policy', 'team.yaml', '--as', 'act-bruno', 'export', 'g');
    expect(exported).toEqual({
      code: 1,
      out: '',
      err: "error: policy denied action 'export' on branch 'main' for actor 'act-bruno'\n",
    });
    const stranger = await og(dir, '--policy', 'team.yaml', '--as', 'act-zed', 'snapshot', 'g');
    expect(stranger.err).toBe("error: policy denied action 'read' for unknown actor 'act-zed'\n");
  });

  it('fails closed without --as', async () => {
    const read = await og(dir, '--policy', 'team.yaml', 'query', '--store', 'g', '-e', QUERY);
    expect(read).toMatchObject({
      code: 1,
      err: "error: policy denied action 'read' on branch 'main' without an actor\n",
    });
  });

  it('writes as the --as actor where the rules allow', async () => {
    const denied = await og(
      dir,
      '--policy',
      'team.yaml',
      '--as',
      'act-bruno',
      'mutate',
      '--store',
      'g',
      '-e',
      UPDATE,
    );
    expect(denied).toMatchObject({
      code: 1,
      err: "error: policy denied action 'change' on branch 'main' for actor 'act-bruno'\n",
    });
    const branch = await og(dir, '--quiet', 'branch', 'create', '--uri', 'g', 'feature');
    expect(branch.code).toBe(0);
    const allowed = await og(
      dir,
      '--policy',
      'team.yaml',
      '--as',
      'act-bruno',
      'mutate',
      '--store',
      'g',
      '-e',
      UPDATE,
      '--branch',
      'feature',
    );
    expect(allowed).toMatchObject({
      code: 0,
      out: 'changed feature via older: 1 nodes, 0 edges\nactor_id: act-bruno\n',
    });
  });

  it('rejects --as on a read without --policy', async () => {
    for (const args of [
      ['query', '--store', 'g', '-e', QUERY],
      ['snapshot', 'g'],
      ['export', 'g'],
      ['commit', 'list', 'g'],
      ['schema', 'show', 'g'],
    ]) {
      const result = await og(dir, '--as', 'act-bruno', ...args);
      expect(result.code).toBe(2);
      const label =
        args[0] === 'commit' || args[0] === 'schema' ? `${args[0]} ${args[1]}` : args[0];
      expect(result.err).toBe(
        `error: \`${label}\` is a read command; --as names the actor of writes (and of reads under --policy) and does not apply without --policy.\n`,
      );
    }
  });

  it('reports an invalid --policy bundle before opening the graph', async () => {
    await writeFile(path.join(dir, 'empty.yaml'), 'version: 1\ngroups: {}\n');
    const result = await og(dir, '--policy', 'empty.yaml', '--as', 'act-bruno', 'snapshot', 'g');
    expect(result).toMatchObject({
      code: 1,
      err: "error: invalid policy bundle 'empty': rules: is required\n",
    });
  });
});

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import {
  describeOnBackends,
  freshGraph,
  graphState,
  openGraph,
  TEST_JSONL,
} from '../engine/graph-helpers.js';
import { captureIo } from '../helpers/capture-io.js';
import { freshTempDir } from '../helpers/temp-dir.js';

const INSERT =
  'query insert_person($name: String, $age: I32) { insert Person { name: $name, age: $age } }';
const SET_AGE =
  'query set_age($name: String, $age: I32) { update Person set { age: $age } where name = $name }';

async function og(cwd: string, ...args: string[]) {
  const io = captureIo(cwd);
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

describeOnBackends('omnigraph mutate', (backend) => {
  let uri: string;
  let cwd: string;
  beforeAll(async () => {
    const graph = await freshGraph(backend, 'cli-mutate', { data: TEST_JSONL });
    uri = graph.uri;
    await graph.close();
    cwd = await freshTempDir('cli-mutate-cwd');
  });

  const head = async () => {
    const graph = await openGraph(uri, 'read-only');
    try {
      return (await graph.snapshot()).graph_commit_id;
    } finally {
      await graph.close();
    }
  };

  it('prints the human line, with the actor when --as is set', async () => {
    const plain = await og(
      cwd,
      'mutate',
      '--store',
      uri,
      '-e',
      INSERT,
      '--params',
      '{"name":"Eve","age":22}',
    );
    expect(plain).toMatchObject({ code: 0, err: '' });
    expect(plain.out).toBe('changed main via insert_person: 1 nodes, 0 edges\n');
    const file = path.join(cwd, 'set_age.gq');
    await writeFile(file, SET_AGE);
    const params = path.join(cwd, 'params.json');
    await writeFile(params, '{"name":"Eve","age":23}');
    const acted = await og(
      cwd,
      '--as',
      'act-andrew',
      'mutate',
      'set_age',
      uri,
      '--query',
      file,
      '--params-file',
      params,
    );
    expect(acted.code).toBe(0);
    expect(acted.out).toBe('changed main via set_age: 1 nodes, 0 edges\nactor_id: act-andrew\n');
  });

  it('--json includes the commit, null for a no-op', async () => {
    const result = await og(
      cwd,
      'mutate',
      uri,
      '-e',
      SET_AGE,
      '--params',
      '{"name":"Alice","age":44}',
      '--json',
    );
    expect(result.code).toBe(0);
    const body = JSON.parse(result.out) as Record<string, unknown>;
    expect(body).toMatchObject({
      branch: 'main',
      query_name: 'set_age',
      affected_nodes: 1,
      affected_edges: 0,
    });
    expect(body.commit).toMatchObject({ graph_commit_id: await head(), graph_branch: null });
    const noop = await og(
      cwd,
      'mutate',
      uri,
      '-e',
      SET_AGE,
      '--params',
      '{"name":"Alice","age":44}',
      '--json',
    );
    expect(JSON.parse(noop.out)).toEqual({
      branch: 'main',
      query_name: 'set_age',
      affected_nodes: 0,
      affected_edges: 0,
      commit: null,
    });
  });

  it('a stale --if-commit exits 4 with the precondition body (json) or message, no effect', async () => {
    const stale = await head();
    await og(cwd, 'mutate', uri, '-e', INSERT, '--params', '{"name":"Pat","age":1}');
    const current = await head();
    const graph = await openGraph(uri, 'read-only');
    const before = await graphState(graph);
    await graph.close();
    const json = await og(
      cwd,
      'mutate',
      uri,
      '-e',
      INSERT,
      '--params',
      '{"name":"Zed","age":1}',
      '--if-commit',
      stale,
      '--json',
    );
    expect(json.code).toBe(4);
    const body = JSON.parse(json.out) as { precondition_failure: unknown; error: string };
    expect(body.precondition_failure).toEqual({ expected: stale, actual: current });
    expect(typeof body.error).toBe('string');
    const human = await og(
      cwd,
      'mutate',
      uri,
      '-e',
      INSERT,
      '--params',
      '{"name":"Zed","age":1}',
      '--if-commit',
      stale,
    );
    expect(human.code).toBe(4);
    expect(human.out).toBe('');
    expect(human.err).toContain(stale);
    const after = await openGraph(uri, 'read-only');
    expect(await graphState(after)).toEqual(before);
    await after.close();
    const ok = await og(
      cwd,
      'mutate',
      uri,
      '-e',
      INSERT,
      '--params',
      '{"name":"Zed","age":1}',
      '--if-commit',
      current,
    );
    expect(ok.code).toBe(0);
  });

  it('errors: bad input exits 1, usage errors exit 2, query points at mutate and back', async () => {
    const invalid = await og(
      cwd,
      'mutate',
      uri,
      '-e',
      INSERT,
      '--params',
      '{"name":"Zed","age":"x"}',
    );
    expect(invalid.code).toBe(1);
    expect(invalid.err).toContain("param 'age'");
    expect((await og(cwd, 'mutate', uri)).code).toBe(2);
    expect((await og(cwd, 'mutate', uri, '-e', INSERT, '--query', 'x.gq')).code).toBe(2);
    const read = await og(cwd, 'query', uri, '-e', INSERT, '--params', '{"name":"Zed","age":1}');
    expect(read.code).toBe(1);
    expect(read.err).toContain('use mutate');
    const wrong = await og(
      cwd,
      'mutate',
      uri,
      '-e',
      'query q() { match { $p: Person } return { $p.name } }',
    );
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('use query');
  });

  it('`change` is a deprecated alias', async () => {
    const result = await og(
      cwd,
      'change',
      uri,
      '-e',
      SET_AGE,
      '--params',
      '{"name":"Bob","age":26}',
    );
    expect(result.code).toBe(0);
    expect(result.err).toBe(
      'warning: `omnigraph change` is deprecated; use `omnigraph mutate` instead\n',
    );
    expect(result.out).toBe('changed main via set_age: 1 nodes, 0 edges\n');
  });
});

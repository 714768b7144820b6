import { spawn } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { captureIo } from '../helpers/capture-io.js';
import { freshTempDir } from '../helpers/temp-dir.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures');

async function og(cwd: string, ...args: string[]) {
  const io = captureIo(cwd);
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

const BIN = path.resolve(import.meta.dirname, '../../src/cli/omnigraph.ts');

/**
 * Runs the real binary with `stdin` piped in (in-process runs share vitest's stdin), from the
 * repository root so that tsx resolves: paths in `args` must be absolute.
 */
function ogWithStdin(
  stdin: string | Uint8Array,
  env: Readonly<Record<string, string>>,
  ...args: string[]
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', BIN, ...args], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { ...process.env, LANCEDB_LOG: 'error', ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, out, err });
    });
    child.stdin.end(stdin);
  });
}

async function fixtureGraph(): Promise<string> {
  const dir = await freshTempDir('cli-graph');
  expect((await og(dir, 'init', '--schema', path.join(fixtures, 'test.pg'), 'g')).code).toBe(0);
  return dir;
}

describe('omnigraph init', () => {
  it('creates a graph and refuses to overwrite it', async () => {
    const dir = await freshTempDir('cli-init');
    const first = await og(dir, 'init', '--schema', path.join(fixtures, 'test.pg'), 'g');
    expect(first.out).toMatch(/^initialized file:\/\/.*\/g\n$/);
    const again = await og(dir, 'init', '--schema', path.join(fixtures, 'test.pg'), 'g');
    expect(again.code).toBe(1);
    expect(again.err).toContain('already holds a graph');
  });

  it('reads a schema as strict UTF-8 and names a directory as given', async () => {
    const dir = await freshTempDir('cli-init-text');
    await writeFile(
      path.join(dir, 'bad.pg'),
      Buffer.concat([
        Buffer.from('node A {\n  n\u00e9: String '),
        Buffer.from([0xff]),
        Buffer.from('\n}'),
      ]),
    );
    const bad = await og(dir, 'init', '--schema', 'bad.pg', 'g');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(
      "schema file 'bad.pg': invalid UTF-8 byte 0xFF at line 2, column 14; the file must be UTF-8 text",
    );
    await mkdir(path.join(dir, 'schemas'));
    const folder = await og(dir, 'init', '--schema', 'schemas', 'g');
    expect(folder.code).toBe(1);
    expect(folder.err).toContain(
      "cannot read schema file 'schemas': it is a directory, not a file",
    );
    expect(folder.err).not.toContain('EISDIR');
    expect(await readdir(dir)).toEqual(['bad.pg', 'schemas']);
  });

  it('reports a missing schema file and a broken schema without creating anything', async () => {
    const dir = await freshTempDir('cli-init-bad');
    const missing = await og(dir, 'init', '--schema', 'nope.pg', 'g');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("cannot read schema file 'nope.pg'");
    const broken = await og(dir, 'init', '--schema', path.join(fixtures, 'test.gq'), 'g2');
    expect(broken.code).toBe(1);
    expect(broken.err).toContain('parse error');
    expect((await og(dir, 'snapshot', 'g2')).err).toContain('no graph at');
  });

  it('needs a graph address', async () => {
    const dir = await freshTempDir('cli-noaddr');
    const result = await og(dir, 'snapshot');
    expect(result.code).toBe(2);
    expect(result.err).toContain('needs a graph');
  });
});

describe('omnigraph load', () => {
  it('prints the load JSON shape', async () => {
    const dir = await fixtureGraph();
    const result = await og(
      dir,
      'load',
      '--mode',
      'overwrite',
      '--data',
      path.join(fixtures, 'test.jsonl'),
      '--json',
      'g',
    );
    expect(result.code).toBe(0);
    const output = JSON.parse(result.out) as Record<string, unknown>;
    expect(output).toMatchObject({
      branch: 'main',
      mode: 'overwrite',
      branch_created: false,
      total_entities: 11,
      nodes: [
        { name: 'Company', entities_loaded: 2 },
        { name: 'Person', entities_loaded: 4 },
      ],
      edges: [
        { name: 'Knows', entities_loaded: 3 },
        { name: 'WorksAt', entities_loaded: 2 },
      ],
    });
    for (const legacy of [
      'nodes_loaded',
      'edges_loaded',
      'node_types_loaded',
      'edge_types_loaded',
    ]) {
      expect(output).not.toHaveProperty(legacy);
    }
    expect(output.commit).toMatchObject({ graph_branch: null, graph_manifest_version: 2 });
    expect(result.err).toContain('omnigraph load → g (direct, local)');
  });

  it('requires --mode and rejects an unknown one', async () => {
    const dir = await fixtureGraph();
    const missing = await og(dir, 'load', '--data', path.join(fixtures, 'test.jsonl'), 'g');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("required option '--mode <mode>' not specified");
    const bad = await og(
      dir,
      'load',
      '--mode',
      'upsert',
      '--data',
      path.join(fixtures, 'test.jsonl'),
      'g',
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('Allowed choices are overwrite, append, merge');
  });

  it('prints a human summary, creates a branch with --from, and --quiet drops the echo', async () => {
    const dir = await fixtureGraph();
    const result = await og(
      dir,
      '--quiet',
      'load',
      'g',
      '--mode',
      'merge',
      '--data',
      path.join(fixtures, 'test.jsonl'),
      '--branch',
      'feature',
      '--from',
      'main',
    );
    expect(result.code).toBe(0);
    expect(result.out).toBe(
      `loaded ${result.out.split(' ')[1] ?? ''} on branch feature with merge: 11 entities across 2 node types and 2 edge types\nbranch feature created from main\n`,
    );
    expect(result.err).toBe('');
  });

  it('names a --data directory as given, never EISDIR', async () => {
    const dir = await fixtureGraph();
    await mkdir(path.join(dir, 'data'));
    const result = await og(dir, 'load', 'g', '--mode', 'merge', '--data', 'data');
    expect(result.code).toBe(1);
    expect(result.err).toContain("cannot read data file 'data': it is a directory, not a file");
    expect(result.err).not.toContain('EISDIR');
    const missing = await og(dir, 'load', 'g', '--mode', 'merge', '--data', 'none.jsonl');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("cannot read data file 'none.jsonl': no such file");
  });

  it('reads --data - from stdin, copying it aside and removing the copy', async () => {
    const dir = await fixtureGraph();
    const spool = await freshTempDir('cli-stdin-spool');
    const env = { TMPDIR: spool };
    const lines = Array.from(
      { length: 2000 },
      (_, i) => `{"type":"Person","data":{"name":"p${i}"}}`,
    );
    const loaded = await ogWithStdin(
      `${lines.join('\n')}\n`,
      env,
      'load',
      path.join(dir, 'g'),
      '--mode',
      'append',
      '--data',
      '-',
      '--json',
    );
    expect(loaded.err).not.toContain('Error');
    expect(loaded.code).toBe(0);
    expect(JSON.parse(loaded.out)).toMatchObject({
      total_entities: 2000,
      nodes: [{ name: 'Person', entities_loaded: 2000 }],
    });
    expect((await og(dir, 'export', 'g', '--type', 'Person')).out.trim().split('\n')).toHaveLength(
      2000,
    );
    // Invalid bytes on stdin are refused like a file's, and nothing is left in the temp directory.
    const bad = Buffer.concat([
      Buffer.from('{"type":"Person","data":{"name":"ok"}}\n{"type":"Person","data":{"name":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}}\n'),
    ]);
    const refused = await ogWithStdin(
      bad,
      env,
      'load',
      path.join(dir, 'g'),
      '--mode',
      'append',
      '--data',
      '-',
    );
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      'line 2: invalid UTF-8 byte 0xC3 at column 34; load data must be UTF-8 text',
    );
    // (tsx keeps its own cache there.)
    const left = (await readdir(spool)).filter((name) => name.startsWith('omnigraph-'));
    expect(left).toEqual([]);
    expect((await og(dir, 'export', 'g', '--type', 'Person')).out.trim().split('\n')).toHaveLength(
      2000,
    );
  });

  it('refuses a missing branch without --from', async () => {
    const dir = await fixtureGraph();
    const result = await og(
      dir,
      'load',
      'g',
      '--mode',
      'merge',
      '--data',
      path.join(fixtures, 'test.jsonl'),
      '--branch',
      'nope',
    );
    expect(result.code).toBe(1);
    expect(result.err).toContain("branch 'nope' not found; pass `from` to create it");
  });
});

describe('omnigraph export, snapshot, branch, commit', () => {
  it('round-trips a graph through the verbs', async () => {
    const dir = await fixtureGraph();
    await og(dir, 'load', 'g', '--mode', 'overwrite', '--data', path.join(fixtures, 'test.jsonl'));

    const snapshot = await og(dir, 'snapshot', 'g');
    expect(snapshot.out.split('\n').slice(0, 3)).toEqual([
      'graph_branch: main',
      'graph_manifest_version: 2',
      'internal_schema_version: 1',
    ]);
    expect(snapshot.out).toContain("node type 'Person' published_dataset_version=");
    expect(snapshot.out).toContain('entities=4');

    const people = await og(dir, 'export', '--store', 'g', '--type', 'Person');
    expect(people.out.trim().split('\n')).toEqual([
      '{"type":"Person","data":{"id":"Alice","name":"Alice","age":30}}',
      '{"type":"Person","data":{"id":"Bob","name":"Bob","age":25}}',
      '{"type":"Person","data":{"id":"Charlie","name":"Charlie","age":35}}',
      '{"type":"Person","data":{"id":"Diana","name":"Diana","age":28}}',
    ]);
    expect((await og(dir, 'export', 'g', '--type', 'Nope')).err).toContain(
      "unknown export type 'Nope'",
    );

    expect((await og(dir, 'branch', 'create', '--uri', 'g', 'feature')).out).toBe(
      'created branch feature from main\n',
    );
    expect(JSON.parse((await og(dir, 'branch', 'list', '--uri', 'g', '--json')).out)).toEqual({
      branches: ['feature', 'main'],
    });

    const commits = JSON.parse((await og(dir, 'commit', 'list', 'g', '--json')).out) as {
      commits: { graph_commit_id: string; graph_manifest_version: number }[];
    };
    expect(commits.commits.map((c) => c.graph_manifest_version)).toEqual([2, 1]);
    const newest = commits.commits[0]?.graph_commit_id ?? '';
    const shown = await og(dir, 'commit', 'show', '--uri', 'g', newest);
    expect(shown.out).toContain(
      `graph_commit_id: ${newest}\ngraph_branch: main\ngraph_manifest_version: 2\n`,
    );

    expect(
      (await og(dir, '--as', 'act-ada', 'branch', 'delete', '--uri', 'g', 'feature', '--json')).out,
    ).toContain('"actor_id": "act-ada"');
    expect((await og(dir, 'branch', 'delete', '--uri', 'g', 'main')).err).toContain(
      "branch 'main' cannot be deleted",
    );
    expect((await og(dir, 'commit', 'show', '--uri', 'g', 'nope')).err).toContain(
      "commit 'nope' not found",
    );
  });
});

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import { captureIo } from '../helpers/capture-io.js';
import { freshTempDir } from '../helpers/temp-dir.js';
import { fixture, fixtureGraph, ndjson, person } from './query-fixtures.js';

describe('omnigraph query', () => {
  let dir: string;
  let root: string;
  let gq: string;
  let graph: Omnigraph;

  beforeAll(async () => {
    dir = await freshTempDir('query-cli');
    root = path.join(dir, 'graph');
    graph = await fixtureGraph(root);
    gq = path.join(dir, 'test.gq');
    await writeFile(gq, fixture('test.gq'));
  });
  afterAll(async () => {
    await graph.close();
  });

  async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const io = captureIo(dir);
    const code = await runCli(argv, io);
    return { code, out: io.out(), err: io.err() };
  }

  it('prints the ReadOutput as pretty JSON with --json and --format json', async () => {
    const { code, out, err } = await run(
      'query',
      'get_person',
      '--store',
      root,
      '--query',
      gq,
      '--params',
      '{"name":"Alice"}',
      '--json',
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    const body = JSON.parse(out) as Record<string, unknown>;
    expect(body).toMatchObject({
      query_name: 'get_person',
      target: { branch: 'main', snapshot: null },
      row_count: 1,
      columns: ['p.name', 'p.age'],
      rows: [{ 'p.name': 'Alice', 'p.age': 30 }],
    });
    expect(body.graph_commit_id).toBe((await graph.snapshot()).graph_commit_id);
    expect(out).toContain('\n  "query_name": "get_person",\n');
    const format = await run(
      'query',
      'get_person',
      '--store',
      root,
      '--query',
      gq,
      '--params',
      '{"name":"Alice"}',
      '--format',
      'json',
    );
    expect(format.out).toBe(out);
  });

  it('accepts the graph as a positional URI and inline source with -e', async () => {
    const { code, out } = await run(
      'query',
      root,
      '-e',
      'query all() { match { $p: Person } return { $p.name } order { $p.name } }',
      '--format',
      'csv',
    );
    expect(code).toBe(0);
    expect(out).toBe('p.name\nAlice\nBob\nCharlie\nDiana\n');
    const named = await run('query', 'adults', root, '--query', gq, '--format', 'csv');
    expect(named.out).toBe('p.name,p.age\nCharlie,35\n');
  });

  it('prints a table, key-value blocks and JSON lines', async () => {
    const args = ['query', 'top_by_age', '--store', root, '--query', gq];
    expect((await run(...args)).out).toBe(
      [
        '2 rows from branch main via top_by_age',
        'p.name  | p.age',
        '--------+------',
        'Charlie | 35',
        'Alice   | 30',
        '',
      ].join('\n'),
    );
    expect((await run(...args, '--format', 'kv')).out).toBe(
      '2 rows from branch main via top_by_age\nrow 1\np.name: Charlie\np.age: 35\n\nrow 2\np.name: Alice\np.age: 30\n',
    );
    expect((await run(...args, '--format', 'jsonl')).out).toBe(
      [
        '{"kind":"metadata","query_name":"top_by_age","target":{"branch":"main","snapshot":null},"row_count":2}',
        '{"p.name":"Charlie","p.age":35}',
        '{"p.name":"Alice","p.age":30}',
        '',
      ].join('\n'),
    );
    const empty = await run(
      'query',
      'get_person',
      '--store',
      root,
      '--query',
      gq,
      '--params',
      '{"name":"Nobody"}',
    );
    expect(empty.out).toBe('0 rows from branch main via get_person\n(no rows)\n');
  });

  it('quotes CSV fields and shows NULL, newlines and wide cells in a table', async () => {
    const other = await fixtureGraph(path.join(dir, 'quoting'));
    await other.load({
      data: ndjson([person('Doe, "Jr"'), person(`Line\nBreak`, 1), person('x'.repeat(100), 2)]),
      mode: 'merge',
    });
    await other.close();
    const source =
      'query q() { match { $p: Person\n$p.name != "Alice" } return { $p.name, $p.age } order { $p.name } }';
    const csv = await run('query', path.join(dir, 'quoting'), '-e', source, '--format', 'csv');
    expect(csv.out).toContain('"Doe, ""Jr""",\n');
    expect(csv.out).toContain('"Line\nBreak",1\n');
    const table = await run('query', path.join(dir, 'quoting'), '-e', source);
    expect(table.out).toContain('Doe, "Jr"');
    expect(table.out).toContain('Line\\nBreak');
    expect(table.out).toContain(`${'x'.repeat(79)}…`);
    expect(table.out).not.toContain('x'.repeat(80));
    expect(table.out).toMatch(/Doe, "Jr" +\| null/);
  });

  it('reads a commit with --snapshot and reads params from a file', async () => {
    const before = (await graph.snapshot()).graph_commit_id;
    await graph.load({ data: ndjson([person('Eve', 22)]), mode: 'merge' });
    const paramsFile = path.join(dir, 'params.json');
    await writeFile(paramsFile, '{"name":"Eve"}');
    const args = [
      'query',
      'get_person',
      '--store',
      root,
      '--query',
      gq,
      '--params-file',
      paramsFile,
      '--json',
    ];
    const now = JSON.parse((await run(...args)).out) as { row_count: number };
    expect(now.row_count).toBe(1);
    const then = JSON.parse((await run(...args, '--snapshot', before)).out) as {
      row_count: number;
      target: unknown;
      graph_commit_id: string;
    };
    expect(then.row_count).toBe(0);
    expect(then.target).toEqual({ branch: null, snapshot: before });
    expect(then.graph_commit_id).toBe(before);
  });

  it('reports usage and query errors', async () => {
    const noSource = await run('query', 'get_person', '--store', root);
    expect(noSource.code).toBe(2);
    expect(noSource.err).toContain('served graph');
    const badParams = await run(
      'query',
      'get_person',
      '--store',
      root,
      '--query',
      gq,
      '--params',
      '{nope',
    );
    expect(badParams.code).toBe(1);
    expect(badParams.err).toContain('params are not valid JSON');
    const missing = await run('query', 'get_person', '--store', root, '--query', gq);
    expect(missing.code).toBe(1);
    expect(missing.err).toBe("error: param 'name': parameter not provided\n");
    const both = await run(
      'query',
      'adults',
      '--store',
      root,
      '--query',
      gq,
      '--branch',
      'main',
      '--snapshot',
      'x',
    );
    expect(both.code).toBe(2);
    const format = await run('query', 'adults', '--store', root, '--query', gq, '--format', 'xml');
    expect(format.code).toBe(2);
    const actor = await run('--as', 'ada', 'query', 'adults', '--store', root, '--query', gq);
    expect(actor.code).toBe(2);
    expect(actor.err).toContain('does not apply');
    const noGraph = await run('query', 'adults', '--query', gq);
    expect(noGraph.code).toBe(2);
  });

  it('accepts the deprecated `read` alias with a warning', async () => {
    const { code, err, out } = await run(
      'read',
      'adults',
      '--store',
      root,
      '--query',
      gq,
      '--format',
      'csv',
    );
    expect(code).toBe(0);
    expect(err).toBe('warning: `omnigraph read` is deprecated; use `omnigraph query` instead\n');
    expect(out).toBe('p.name,p.age\nCharlie,35\n');
  });

  it('prints the plan with --explain, running nothing, and stage figures with --analyze', async () => {
    const args = ['query', 'friends_of', root, '--query', gq, '--params', '{"name":"Alice"}'];
    const explained = await run(...args, '--explain');
    expect(explained.code).toBe(0);
    const lines = explained.out.trimEnd().split('\n');
    expect(lines[0]).toBe('query friends_of');
    expect(lines[1]).toMatch(/^match {2}/);
    expect(lines.slice(2).map((line) => /^ {2}(\S+)/.exec(line)?.[1])).toEqual([
      'key-seed',
      'traverse',
      'order',
      'project',
    ]);
    expect(explained.out).not.toMatch(/rows=|time=/);
    const json = await run(...args, '--explain', '--json');
    const plan = JSON.parse(json.out) as { query_name: string; plan: { operator: string } };
    expect(plan).toMatchObject({ query_name: 'friends_of', plan: { operator: 'match' } });

    const profiled = await run(...args, '--analyze', '--format', 'csv');
    expect(profiled.code).toBe(0);
    expect(profiled.out).toBe('f.name,f.age\nBob,25\nCharlie,35\n');
    expect(profiled.err).toMatch(/^query friends_of\nmatch .* rows=2 /);
    expect(profiled.err).toMatch(/traverse .* rows=2 .*strategy=(indexed|csr)/);
    expect(profiled.err).toMatch(/\ntotal [\d.]+ms\ncaches [\d.]+ of [\d.]+ MiB: .*\n$/);
    const body = JSON.parse((await run(...args, '--analyze', '--json')).out) as {
      row_count: number;
      profile: { plan: { rows: number } };
    };
    expect(body.profile.plan.rows).toBe(body.row_count);
    expect((await run(...args, '--explain', '--analyze')).code).toBe(2);
  });
});

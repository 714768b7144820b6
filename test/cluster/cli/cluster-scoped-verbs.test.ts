import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PEOPLE_PG } from '../config/cluster-dir.js';
import { freshTempDir } from '../../helpers/temp-dir.js';
import { importAndApply, omnigraph, omnigraphJson, writeCluster } from './cluster-cli.js';

/** The schema `people` is given behind the cluster's back: `age` is gone. */
const AGELESS_PG = PEOPLE_PG.replace('    age: I32?\n', '');

describe('verbs addressed at a graph of a cluster', () => {
  let dir: string;
  let peopleRoot: string;
  beforeAll(async () => {
    dir = await writeCluster();
    await importAndApply(dir);
    peopleRoot = `file://${path.join(dir, 'store/graphs/people.omni')}`;
  });

  it('policy validate|test|explain use the bundle bound to the graph, or the cluster one', async () => {
    const graph = await omnigraph('policy', 'validate', '--cluster', dir, '--graph', 'people');
    expect(graph).toEqual({ code: 0, out: "policy valid: bundle 'base' [2 actors]\n", err: '' });
    const server = await omnigraph('policy', 'validate', '--cluster', dir);
    expect(server).toEqual({ code: 0, out: "policy valid: bundle 'server' [1 actors]\n", err: '' });
    const json = await omnigraphJson<{ bundle: string }>(
      'policy',
      'validate',
      '--cluster',
      dir,
      '--graph',
      'people',
    );
    expect(json).toMatchObject({ code: 0, json: { bundle: 'base' } });

    const explain = await omnigraph(
      'policy',
      'explain',
      '--cluster',
      dir,
      '--graph',
      'people',
      '--actor',
      'act-andrew',
      '--action',
      'read',
    );
    expect(explain.code).toBe(0);
    expect(explain.out).toContain('matched_rule: team-read\n');

    const tests = path.join(await freshTempDir('policy-tests'), 'cases.yaml');
    await writeFile(
      tests,
      'version: 1\ncases:\n  - { id: andrew-reads, actor: act-andrew, action: read, branch: main, expect: allow }\n',
    );
    const tested = await omnigraph(
      'policy',
      'test',
      '--cluster',
      dir,
      '--graph',
      'people',
      '--tests',
      tests,
    );
    expect(tested).toEqual({ code: 0, out: 'policy tests passed: 1 cases\n', err: '' });
  });

  it('policy refuses an unknown graph, and --file with --cluster', async () => {
    const unknown = await omnigraph('policy', 'validate', '--cluster', dir, '--graph', 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("graph 'nope' is not applied");
    const both = await omnigraph('policy', 'validate', '--cluster', dir, '--file', 'x.yaml');
    expect(both.code).toBe(2);
    const neither = await omnigraph('policy', 'validate');
    expect(neither.code).toBe(2);
  });

  it('queries list shows the stored queries with their parameters', async () => {
    const human = await omnigraph('queries', 'list', '--cluster', dir, '--graph', 'people');
    expect(human).toEqual({
      code: 0,
      out: 'read  adults()\nread  find_person($name: String)\n',
      err: '',
    });
    const { json } = await omnigraphJson<unknown>(
      'queries',
      'list',
      '--cluster',
      path.join(dir, 'store'),
      '--graph',
      'people',
    );
    expect(json).toEqual({
      queries: [
        { name: 'adults', mcp_expose: true, tool_name: 'adults', mutation: false, params: [] },
        {
          name: 'find_person',
          mcp_expose: true,
          tool_name: 'find_person',
          mutation: false,
          params: [{ name: 'name', type: 'String', nullable: false }],
        },
      ],
    });
    const ambiguous = await omnigraph('queries', 'list', '--cluster', dir);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.err).toContain('pass --graph <id> (applied graphs: people, scratch)');
    const none = await omnigraph('queries', 'list', '--cluster', dir, '--graph', 'scratch');
    expect(none.out).toBe('(no stored queries registered)\n');
  });

  it('lint runs against the live schema of a graph: a URI, or --cluster --graph', async () => {
    const stored = await omnigraph('lint', '--cluster', dir, '--graph', 'people');
    expect(stored).toEqual({
      code: 0,
      out: 'INFO  Lint complete: 2 queries processed (0 error(s), 0 warning(s), 0 info item(s))\n',
      err: '',
    });
    const file = path.join(await freshTempDir('lint'), 'q.gq');
    await writeFile(file, 'query names() { match { $p: Person } return { $p.name } }\n');
    const byUri = await omnigraphJson<{ status: string; schema_source: unknown }>(
      'lint',
      peopleRoot,
      '--query',
      file,
    );
    expect(byUri).toMatchObject({
      code: 0,
      json: { status: 'ok', schema_source: { kind: 'graph', uri: peopleRoot } },
    });
    const both = await omnigraph('lint', peopleRoot, '--query', file, '--schema', file);
    expect(both.code).toBe(2);
    const noQuery = await omnigraph('lint', peopleRoot);
    expect(noQuery.code).toBe(2);
  });

  it('optimize and cleanup resolve the graph root of --cluster --graph', async () => {
    const optimize = await omnigraph('optimize', '--cluster', dir, '--graph', 'people');
    expect(optimize.code).toBe(0);
    expect(optimize.out).toMatch(new RegExp(`^optimize ${peopleRoot} — 4 datasets\\n`));
    expect(optimize.err).toBe(`omnigraph optimize → ${peopleRoot} (direct, local)\n`);
    const cleanup = await omnigraphJson<{ uri: string }>(
      'cleanup',
      '--cluster',
      dir,
      '--graph',
      'people',
      '--keep',
      '1',
    );
    expect(cleanup).toMatchObject({ code: 0, json: { uri: peopleRoot } });
    const mixed = await omnigraph('optimize', peopleRoot, '--cluster', dir, '--graph', 'people');
    expect(mixed.code).toBe(2);
    const graphOnly = await omnigraph('optimize', peopleRoot, '--graph', 'people');
    expect(graphOnly.code).toBe(2);
  });

  it('init refuses a graph root inside the cluster layout, and works elsewhere', async () => {
    const schema = path.join(dir, 'people.pg');
    const inside = path.join(dir, 'store/graphs/extra.omni');
    const refused = await omnigraph('init', '--schema', schema, inside);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('graphs of a cluster are created by `omnigraph cluster apply`');
    const outside = path.join(await freshTempDir('init'), 'graphs/extra.omni');
    const created = await omnigraph('init', '--schema', schema, outside);
    expect(created.code).toBe(0);
  });

  it('queries validate and lint report stored queries that a changed live schema breaks', async () => {
    const ok = await omnigraph('queries', 'validate', '--cluster', dir, '--graph', 'people');
    expect(ok).toEqual({
      code: 0,
      out: 'OK  2 stored queries type-check against the schema\n',
      err: '',
    });
    const schema = path.join(await freshTempDir('ageless'), 'ageless.pg');
    await writeFile(schema, AGELESS_PG);
    const drift = await omnigraph('schema', 'apply', peopleRoot, '--schema', schema);
    expect(drift.code).toBe(0);

    const human = await omnigraph('queries', 'validate', '--cluster', dir, '--graph', 'people');
    expect(human.code).toBe(1);
    expect(human.out).toMatch(/^ERROR {2}query 'adults': .*age/m);
    expect(human.out).toMatch(/^ERROR {2}query 'find_person': .*age/m);
    const json = await omnigraphJson<{ ok: boolean; breakages: { query: string }[] }>(
      'queries',
      'validate',
      '--cluster',
      dir,
      '--graph',
      'people',
    );
    expect(json.code).toBe(1);
    expect(json.json.ok).toBe(false);
    expect(json.json.breakages.map((b) => b.query)).toEqual(['adults', 'find_person']);
    const lint = await omnigraph('lint', '--cluster', dir, '--graph', 'people');
    expect(lint.code).toBe(1);
  });
});

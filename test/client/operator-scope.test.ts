import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, GRAPH, servedFixture, TOKEN, type ServedFixture } from './served-fixture.js';

// How the CLI finds its scope in the operator config (docs/reference/operator-config.md):
// `--server <name>`, `--profile`, `$OMNIGRAPH_PROFILE`, `defaults`, and `operator.actor`,
// against a spawned omnigraph-server and the local twin of its graph.

let fixture: ServedFixture;
let home: string;

/** Runs the CLI with the operator home of this file (`env` adds to the environment). */
async function run(argv: readonly string[], env: Record<string, string> = {}) {
  return cli(argv, fixture.dir, { OMNIGRAPH_HOME: home, ...env });
}

/** Writes the operator config, replacing the last one. */
async function configure(yaml: string): Promise<void> {
  await writeFile(path.join(home, 'config.yaml'), yaml);
}

/** The graph id of a `snapshot --json` run, or the failure it printed. */
function snapshotOf(result: { code: number; out: string; err: string }): unknown {
  if (result.code !== 0) return { code: result.code, err: result.err };
  return (JSON.parse(result.out) as { graph_branch: string }).graph_branch;
}

beforeAll(async () => {
  fixture = await servedFixture();
  home = path.join(fixture.dir, 'operator');
  await mkdir(home, { recursive: true });
}, 90_000);
afterAll(async () => fixture.stop());

describe('scope from the operator config', () => {
  it('resolves --server by name, with the token keyed to it by login', async () => {
    await configure(`servers:\n  prod: { url: "${fixture.url}/" }\n`);
    const anonymous = await run(['--server', 'prod', '--graph', GRAPH, 'snapshot', '--json']);
    expect(anonymous.code).toBe(1);
    expect(JSON.parse(anonymous.out)).toMatchObject({ code: 'unauthorized' });
    expect((await run(['login', 'prod', '--token', TOKEN])).code).toBe(0);
    const named = await run(['--server', 'prod', '--graph', GRAPH, 'snapshot', '--json']);
    expect(snapshotOf(named)).toBe('main');
    // The URL itself is matched to the server it belongs to, so the keyed token goes with it.
    const byUrl = await run(['--server', fixture.url, '--graph', GRAPH, 'snapshot', '--json']);
    expect(snapshotOf(byUrl)).toBe('main');
    const unknown = await run(['--server', 'staging', '--graph', GRAPH, 'snapshot']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("unknown server 'staging'; servers defined in");
  });

  it('takes the server and graph from --profile, $OMNIGRAPH_PROFILE and defaults', async () => {
    await configure(
      [
        'servers:',
        `  prod: { url: "${fixture.url}" }`,
        'profiles:',
        `  team: { server: prod, default_graph: ${GRAPH} }`,
        `  twin: { store: "${fixture.twinRoot}" }`,
        `  lake: { cluster: "${path.join(fixture.dir, 'config')}" }`,
        'defaults:',
        `  server: prod`,
        `  default_graph: ${GRAPH}`,
        '',
      ].join('\n'),
    );
    expect(snapshotOf(await run(['--profile', 'team', 'snapshot', '--json']))).toBe('main');
    expect(snapshotOf(await run(['snapshot', '--json'], { OMNIGRAPH_PROFILE: 'team' }))).toBe(
      'main',
    );
    expect(snapshotOf(await run(['snapshot', '--json']))).toBe('main');
    // A store profile addresses the twin directly: a served graph's flags are misuse there.
    const direct = await run(['--profile', 'twin', 'branch', 'list', '--json']);
    expect((JSON.parse(direct.out) as { branches: string[] }).branches).toContain('main');
    const misuse = await run(['--profile', 'twin', '--token', 'x', 'snapshot']);
    expect(misuse.code).toBe(2);
    expect(misuse.err).toContain('--token authenticates to a server and does not apply');
    // A cluster profile addresses the cluster's only graph in its storage.
    const lake = await run(['--profile', 'lake', 'commit', 'list', '--json']);
    expect(lake.code).toBe(0);
    expect(lake.err).toBe('');
    const unknown = await run(['--profile', 'nope', 'snapshot']);
    expect(unknown.err).toContain("unknown profile 'nope'; profiles defined in");
    expect(unknown.err).toContain('lake, team, twin');
  });

  it('lists the graphs a server serves when none is given', async () => {
    await configure(`servers:\n  prod: { url: "${fixture.url}" }\n`);
    const result = await run(['--server', 'prod', 'snapshot']);
    expect(result.code).toBe(2);
    expect(result.err).toContain(
      `\`snapshot\` needs --graph <id> with --server: it serves: ${GRAPH}.`,
    );
    const listed = await run(['--server', 'prod', 'graphs', 'list', '--json']);
    expect(JSON.parse(listed.out)).toMatchObject({ graphs: [{ graph_id: GRAPH }] });
  });

  it('needs a graph when nothing names one', async () => {
    await configure('servers: {}\n');
    const result = await run(['snapshot']);
    expect(result.code).toBe(2);
    expect(result.err).toContain(
      '`snapshot` needs a graph: pass its URI, --store <uri>, --server <name|url> --graph <id> or --profile <name>',
    );
  });

  it('records operator.actor on direct writes given no --as, and --as overrides it', async () => {
    await configure('operator:\n  actor: act-ops\n');
    const insert = (name: string) => [
      'mutate',
      '--store',
      fixture.twinRoot,
      '-e',
      `query add() { insert Person { name: "${name}" } }`,
      '--json',
    ];
    const configured = await run(insert('Ops'));
    expect(JSON.parse(configured.out)).toMatchObject({ actor_id: 'act-ops' });
    const explicit = await run(['--as', 'act-cli', ...insert('Cli')]);
    expect(JSON.parse(explicit.out)).toMatchObject({ actor_id: 'act-cli' });
  });

  it('formats reads as defaults.output says, wrapping or cutting wide table cells', async () => {
    const read = [
      'query',
      '--store',
      fixture.twinRoot,
      '-e',
      'query q() { match { $p: Person { name: "Alice" } } return { $p.name, "a fairly long text" as note } }',
    ];
    await configure('defaults:\n  output: csv\n');
    expect((await run(read)).out).toBe('p.name,note\nAlice,a fairly long text\n');
    expect(JSON.parse((await run([...read, '--json'])).out)).toMatchObject({ row_count: 1 });
    await configure('defaults:\n  table_max_column_width: 8\n  table_cell_layout: wrap\n');
    expect((await run(read)).out.split('\n').slice(1)).toEqual([
      'p.name | note',
      '-------+---------',
      'Alice  | a fairly',
      '       |  long te',
      '       | xt',
      '',
    ]);
    await configure('defaults:\n  table_max_column_width: 8\n');
    expect((await run(read)).out.split('\n').slice(3)).toEqual(['Alice  | a fairl…', '']);
  });
});

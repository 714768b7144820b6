import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, isOmniError, listGraphs, type RemoteGraph } from '../../src/client/index.js';
import { Omnigraph } from '../../src/engine/index.js';
import { testSettings } from '../helpers/s3-env.js';
import { cli, GRAPH, servedFixture, TOKEN, type ServedFixture } from './served-fixture.js';

const PEOPLE = `query people() {
    match { $p: Person }
    return { $p.name }
    order { $p.name asc }
}`;
const ADD = `query add($name: String) {
    insert Person { name: $name }
}`;
const AGE = `query set_age($name: String, $age: I32) {
    update Person set { age: $age } where name = $name
}`;

let fixture: ServedFixture;
let graph: RemoteGraph;

/** The error `promise` rejects with. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

beforeAll(async () => {
  fixture = await servedFixture();
  graph = connect({ url: fixture.url, graph: GRAPH, token: TOKEN, cwd: fixture.dir });
}, 90_000);
afterAll(async () => fixture.stop());

describe('RemoteGraph returns what the engine returns (against the twin, before any write)', () => {
  const WIDE = `query wide() {
    match { $a: Account }
    return { $a.name, $a.balance, $a.units, $a.ledger, $a.ratio }
    order { $a.name asc }
  }`;
  const COUNT = 'query total() { match { $a: Account } return { count($a) as total } }';
  /** A column named like the prototype setter: an own value in every row, served or not. */
  const PROTO = `query proto() {
    match { $a: Account }
    return { $a.name as __proto__ }
    order { $a.name asc }
  }`;

  /** The twin, opened in this process: the same graph, same commits, as a local one. */
  async function withTwin<T>(use: (local: Omnigraph) => Promise<T>): Promise<T> {
    const local = await Omnigraph.open(fixture.twinRoot, {
      settings: testSettings(),
      mode: 'read-only',
    });
    try {
      return await use(local);
    } finally {
      await local.close();
    }
  }

  it('types 64-bit integers as bigint, small or wide, and floats as numbers', async () => {
    const remote = await graph.query({ query: WIDE });
    expect(remote.rows).toEqual([
      { 'a.name': 'small', 'a.balance': 42n, 'a.units': 7n, 'a.ledger': [], 'a.ratio': 0.5 },
      {
        'a.name': 'wide',
        'a.balance': 9223372036854775807n,
        'a.units': 18446744073709551615n,
        'a.ledger': [-9223372036854775808n, 9007199254740993n, 1n],
        'a.ratio': 123456789012345680000,
      },
    ]);
    expect(typeof remote.rows[1]?.['a.ratio']).toBe('number');
    expect((await graph.query({ query: COUNT })).rows).toEqual([{ total: 2n }]);
    const proto = await graph.query({ query: PROTO });
    expect(proto.rows.map((row) => Object.entries(row))).toEqual([
      [['__proto__', 'small']],
      [['__proto__', 'wide']],
    ]);
    await withTwin(async (local) => {
      for (const query of [WIDE, COUNT, PEOPLE, PROTO]) {
        expect(await graph.query({ query })).toStrictEqual(await local.query({ query }));
      }
    });
  });

  it('explains, profiles, exports and diffs at a snapshot as the engine does', async () => {
    const { graph_commit_id: head } = await graph.snapshot();
    await withTwin(async (local) => {
      expect(await graph.explain({ query: WIDE })).toEqual(await local.explain({ query: WIDE }));
      const profiled = await graph.query({ query: WIDE }, { profile: true });
      const expected = await local.query({ query: WIDE }, { profile: true });
      const { profile, ...rest } = profiled;
      const { profile: expectedProfile, ...expectedRest } = expected;
      expect(rest).toStrictEqual(expectedRest);
      // Times, and what each handle's read caches hold (its own history), differ by nature.
      const untimed = (value: unknown) =>
        JSON.parse(JSON.stringify(value), (key, item: unknown) =>
          key === 'elapsed_ms' || key === 'total_ms' || key === 'caches' ? 0 : item,
        ) as unknown;
      expect(untimed(profile)).toEqual(untimed(expectedProfile));
      const lines = async (source: AsyncIterable<string>) => {
        const all: string[] = [];
        for await (const line of source) all.push(line);
        return all;
      };
      const request = { snapshot: head, type_names: ['Account'] };
      const exported = await lines(graph.export(request));
      expect(exported).toEqual(await lines(local.export(request)));
      expect(exported.join('\n')).toContain('"units":18446744073709551615');
      expect(await graph.snapshot({ snapshot: head })).toEqual(
        await local.snapshot({ snapshot: head }),
      );
      const changes = { type: ['Account'] };
      expect(await graph.commitChanges(head, changes)).toStrictEqual(
        await local.commitChanges(head, changes),
      );
    });
  });
});

describe('RemoteGraph (the SDK against a real omnigraph-server)', () => {
  it('reads: query, snapshot, schema, branches, commits, changes, graph list', async () => {
    expect(graph.uri).toBe(`${fixture.url}/graphs/${GRAPH}`);
    const result = await graph.query({ query: PEOPLE });
    expect(result.rows[0]).toEqual({ 'p.name': 'Alice' });
    const snapshot = await graph.snapshot();
    expect(snapshot.graph_commit_id).toBe(result.graph_commit_id);
    expect((await graph.getSchema()).schema_source).toContain('node Person');
    expect((await graph.listBranches()).branches).toEqual(['main']);
    const { commits } = await graph.listCommits({ branch: 'main' });
    const head = commits[0]?.graph_commit_id ?? '';
    expect((await graph.showCommit(head)).graph_commit_id).toBe(head);
    const page = await graph.commitChanges(head, { limit: 2, kind: ['node'] });
    expect(page.changes).toHaveLength(2);
    expect(page.next_page_token).not.toBeNull();
    expect((await listGraphs({ url: fixture.url, token: TOKEN })).graphs).toEqual([
      { graph_id: GRAPH, uri: fixture.servedRoot },
    ]);
  });

  it('streams the export line by line', async () => {
    const lines: string[] = [];
    for await (const line of graph.export({ type_names: ['Company'] })) lines.push(line);
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      { type: 'Company', data: { id: 'Acme', name: 'Acme' } },
      { type: 'Company', data: { id: 'Globex', name: 'Globex' } },
    ]);
  });

  it('loads NDJSON from a string and streams it from a file', async () => {
    const fromText = await graph.load({
      data: JSON.stringify({ type: 'Person', data: { name: 'Sdk1' } }),
      mode: 'append',
    });
    expect(fromText).toMatchObject({ uri: graph.uri, total_entities: 1, actor_id: 'act-admin' });
    await writeFile(
      path.join(fixture.dir, 'sdk.jsonl'),
      `${JSON.stringify({ type: 'Person', data: { name: 'Sdk2' } })}\n`,
    );
    const fromFile = await graph.load({ data: { path: 'sdk.jsonl' }, mode: 'merge' });
    expect(fromFile.total_entities).toBe(1);
    const missing = await failure(graph.load({ data: { path: 'absent.jsonl' }, mode: 'merge' }));
    expect(isOmniError(missing, 'not_found')).toBe(true);
  });

  it('writes: mutate, conditional mutate, branches, merge conflicts with their details', async () => {
    const head = (await graph.snapshot()).graph_commit_id;
    const stale = await failure(
      graph.mutate(
        { query: ADD, params: { name: 'Cas' } },
        { ifCommit: '01AAAAAAAAAAAAAAAAAAAAAAAA' },
      ),
    );
    expect(isOmniError(stale, 'precondition_failure')).toBe(true);
    expect((stale as { details: unknown }).details).toEqual({
      precondition_failure: { expected: '01AAAAAAAAAAAAAAAAAAAAAAAA', actual: head },
    });
    const changed = await graph.mutate({ query: ADD, params: { name: 'Cas' } }, { ifCommit: head });
    expect(changed).toMatchObject({ affected_nodes: 1, actor_id: 'act-admin' });

    await graph.createBranch({ name: 'sdk/feature' });
    await graph.mutate({ query: AGE, params: { name: 'Bob', age: 1 }, branch: 'sdk/feature' });
    await graph.mutate({ query: AGE, params: { name: 'Bob', age: 2 } });
    const conflict = await failure(graph.mergeBranch({ source: 'sdk/feature' }));
    expect(isOmniError(conflict, 'merge_conflict')).toBe(true);
    expect((conflict as { details: unknown }).details).toEqual({
      merge_conflicts: [
        expect.objectContaining({
          kind: 'divergent_update',
          entity_id: 'Bob',
          type_name: 'Person',
        }),
      ],
    });
    expect(await graph.deleteBranch('sdk/feature')).toMatchObject({ name: 'sdk/feature' });
  });

  it('runs stored queries and mutations by name', async () => {
    const read = await graph.runStoredQuery('get_person', { params: { name: 'Alice' } });
    expect(read.rows).toEqual([{ 'p.name': 'Alice', 'p.age': 30 }]);
    const write = await graph.runStoredMutation('add_person', { params: { name: 'Stored' } });
    expect(write.affected_nodes).toBe(1);
  });

  it('sends write messages, and checks them as the engine does', async () => {
    const text = 'load: a&b=c #1 ?x ✓';
    const loaded = await graph.load(
      { data: JSON.stringify({ type: 'Person', data: { name: 'Msg1' } }), mode: 'merge' },
      { message: text },
    );
    expect(loaded.commit).toMatchObject({ operation: 'load', message: text });
    const changed = await graph.mutate({ query: ADD, params: { name: 'Msg2' } }, { message: 'm' });
    expect(changed.commit).toMatchObject({ operation: 'mutate', message: 'm' });
    const stored = await graph.runStoredMutation(
      'add_person',
      { params: { name: 'Msg3' } },
      { message: 'stored' },
    );
    expect(stored.commit).toMatchObject({ operation: 'mutate', message: 'stored' });
    const { commits } = await graph.listCommits();
    expect(commits.slice(0, 3).map((c) => c.message)).toEqual(['stored', 'm', text]);
    expect(await graph.showCommit(commits[2]!.graph_commit_id)).toEqual(commits[2]);
    // A query string would carry a lone surrogate as U+FFFD: refused before anything is sent.
    const data = JSON.stringify({ type: 'Person', data: { name: 'Msg4' } });
    const refused = await failure(graph.load({ data, mode: 'merge' }, { message: 'a\ud800' }));
    expect(isOmniError(refused, 'bad_request')).toBe(true);
    expect((refused as Error).message).toBe(
      'message is not well-formed Unicode: lone surrogate U+D800 at character 2',
    );
    const long = await failure(graph.mergeBranch({ source: 'x' }, { message: 'x'.repeat(4097) }));
    expect((long as Error).message).toBe('message is longer than 4096 characters (4097)');
    expect((await graph.listCommits()).commits).toEqual(commits);
  });

  it('maps failures to the engine codes: resource_limit, not_found, unauthorized, transient', async () => {
    const head = (await graph.snapshot()).graph_commit_id;
    const limit = await failure(graph.commitChanges(head, { limit: 9000 }));
    expect(isOmniError(limit, 'resource_limit')).toBe(true);
    expect((limit as { details: unknown }).details).toEqual({
      resource_limit: { resource: 'commit_changes_page_changes', limit: 8192, actual: 9000 },
    });
    expect(isOmniError(await failure(graph.showCommit('nope')), 'not_found')).toBe(true);
    const anonymous = connect({ url: fixture.url, graph: GRAPH });
    expect(isOmniError(await failure(anonymous.listBranches()), 'unauthorized')).toBe(true);
    const nowhere = connect({ url: 'http://127.0.0.1:9', graph: GRAPH, timeoutMs: 2000 });
    expect(isOmniError(await failure(nowhere.listBranches()), 'transient')).toBe(true);
  });
});

describe('omnigraph --server', () => {
  const scope = (): string[] => ['--server', fixture.url, '--graph', GRAPH, '--token', TOKEN];

  it('runs a stored query by name, and a stored mutation with --if-commit (stale: exit 4)', async () => {
    const read = await cli(
      [...scope(), 'query', 'get_person', '--params', '{"name":"Alice"}', '--json'],
      fixture.dir,
    );
    expect(JSON.parse(read.out)).toMatchObject({ rows: [{ 'p.name': 'Alice' }] });
    const stale = await cli(
      [
        ...scope(),
        'mutate',
        'add_person',
        '--params',
        '{"name":"X"}',
        '--if-commit',
        '01AAAAAAAAAAAAAAAAAAAAAAAA',
        '--json',
      ],
      fixture.dir,
    );
    expect(stale.code).toBe(4);
    expect(JSON.parse(stale.out)).toMatchObject({
      precondition_failure: { expected: '01AAAAAAAAAAAAAAAAAAAAAAAA' },
    });
  });

  it('takes the token from $OMNIGRAPH_BEARER_TOKEN and lists the graphs', async () => {
    const listed = await cli(
      ['--server', fixture.url, 'graphs', 'list', '--token', TOKEN],
      fixture.dir,
    );
    expect(listed.out).toBe(`${GRAPH}  ${fixture.servedRoot}\n`);
    const denied = await cli(
      ['--server', fixture.url, '--graph', GRAPH, 'branch', 'list', '--json'],
      fixture.dir,
    );
    expect(denied.code).toBe(1);
    expect(JSON.parse(denied.out)).toEqual({ error: 'missing bearer token', code: 'unauthorized' });
  });

  it('refuses a destructive write without --yes, and echoes served writes unless --quiet', async () => {
    const refused = await cli([...scope(), 'branch', 'delete', 'main', '--json'], fixture.dir);
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.out)).toMatchObject({ code: 'bad_request' });
    expect((JSON.parse(refused.out) as { error: string }).error).toMatch(
      /^refusing destructive `branch delete` against non-local target http/,
    );
    const quiet = await cli([...scope(), '--quiet', 'branch', 'create', 'q'], fixture.dir);
    expect(quiet).toEqual({ code: 0, out: 'created branch q from main\n', err: '' });
  });

  it.each([
    [
      ['--as', 'act-admin', 'branch', 'list'],
      '`branch list` is a served (--server) command; --as names the actor of direct writes and does not apply.',
    ],
    [
      ['--store', '/tmp/x', 'snapshot'],
      '`snapshot` is a served (--server) command; --store addresses storage directly and does not apply.',
    ],
    [
      ['snapshot', '/tmp/x'],
      '`snapshot` is a served (--server) command; a positional (or --uri) graph URI addresses storage and does not apply.',
    ],
    [
      ['optimize'],
      '`optimize` is a direct (storage-native) command; --server addresses a served graph and does not apply.',
    ],
  ])('refuses scope-flag misuse: %j', async (args, message) => {
    const result = await cli([...scope(), ...args], fixture.dir);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
  });

  it('needs --graph with --server, and refuses a positional http(s) URL', async () => {
    const noGraph = await cli(['--server', fixture.url, 'snapshot'], fixture.dir);
    expect(noGraph.err).toContain('`snapshot` needs --graph <id> with --server');
    const positional = await cli(['snapshot', `${fixture.url}/graphs/${GRAPH}`], fixture.dir);
    expect(positional.err).toContain(
      'a remote graph must be addressed with --server <url> — a positional (or --uri) http(s):// URL no longer dispatches to a server.',
    );
    const stray = await cli(
      ['--graph', GRAPH, 'snapshot', fixture.twinRoot, '--json'],
      fixture.dir,
    );
    expect(stray.code).toBe(2);
    expect((JSON.parse(stray.out) as { error: string }).error).toContain(
      '--graph picks a graph of a server and does not apply',
    );
  });
});

describe('closing a RemoteGraph, as closing an embedded graph', () => {
  it('waits for the requests in flight and refuses later calls with a typed conflict', async () => {
    const handle = connect({ url: fixture.url, graph: GRAPH, token: TOKEN, cwd: fixture.dir });
    const names = ['Closing1', 'Closing2', 'Closing3'];
    const writes = names.map((name) =>
      handle.mutate({ query: ADD, name: 'add', params: { name } }),
    );
    await handle.close();
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);

    const refused = await failure(handle.query({ query: PEOPLE }));
    expect(isOmniError(refused) && refused.code).toBe('conflict');
    expect((refused as Error).message).toBe(
      `graph ${handle.uri} is closed; open it again to use it`,
    );
    await expect(handle.close()).resolves.toBeUndefined();

    // The writes landed; another handle on the same server still works.
    const people = (await graph.query({ query: PEOPLE })).rows.map((row) => row['p.name']);
    expect(people).toEqual(expect.arrayContaining(names));
  });
});

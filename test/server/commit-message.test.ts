import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJson, startServer, type Harness } from './server-harness.js';

let server: Harness;
const G = '/graphs/people';
const ADD = 'query add($name: String) { insert Person { name: $name } }';

interface Commit {
  readonly graph_commit_id: string;
  readonly operation?: string;
  readonly message?: string;
}

beforeAll(async () => {
  server = await startServer({ graphs: [{ id: 'people' }], auth: { unauthenticated: true } });
});
afterAll(async () => {
  await server.close();
});

async function commits(branch = 'main'): Promise<Commit[]> {
  const body = await expectJson(await server.call('GET', `${G}/commits?branch=${branch}`), 200);
  return body.commits as Commit[];
}

const person = (name: string) => JSON.stringify({ type: 'Person', data: { name } });

describe('commit messages over HTTP', () => {
  it('records the message of /mutate and returns it from every commit route', async () => {
    const body = await expectJson(
      await server.call('POST', `${G}/mutate`, {
        json: { query: ADD, params: { name: 'Eve' }, message: 'add Eve ✓' },
      }),
      200,
    );
    const commit = body.commit as Commit;
    expect(commit).toMatchObject({ operation: 'mutate', message: 'add Eve ✓' });
    expect((await commits())[0]).toEqual(commit);
    const shown = await expectJson(
      await server.call('GET', `${G}/commits/${commit.graph_commit_id}`),
      200,
    );
    expect(shown).toEqual(commit);
  });

  it('takes it on /mutate/if-graph-commit and on stored mutations', async () => {
    const head = (await commits())[0]!.graph_commit_id;
    const conditional = await expectJson(
      await server.call('POST', `${G}/mutate/if-graph-commit`, {
        json: { query: ADD, params: { name: 'Fay' }, message: 'conditional' },
        headers: { 'Omnigraph-If-Graph-Commit': head },
      }),
      200,
    );
    expect(conditional.commit).toMatchObject({ operation: 'mutate', message: 'conditional' });
    const stored = await expectJson(
      await server.call('POST', `${G}/queries/add_person`, {
        json: { params: { name: 'Gus' }, expect_mutation: true, message: 'stored' },
      }),
      200,
    );
    expect(stored.commit).toMatchObject({ operation: 'mutate', message: 'stored' });
  });

  it('takes it in the /load envelope and as the message parameter of /load/ndjson', async () => {
    const envelope = await expectJson(
      await server.call('POST', `${G}/load`, {
        json: { data: person('Hal'), mode: 'merge', message: 'envelope' },
      }),
      200,
    );
    expect(envelope.commit).toMatchObject({ operation: 'load', message: 'envelope' });
    const text = 'raw load: ünïcode & more';
    const raw = await expectJson(
      await server.call('POST', `${G}/load/ndjson?mode=merge&message=${encodeURIComponent(text)}`, {
        body: person('Ida'),
        headers: { 'content-type': 'application/x-ndjson' },
      }),
      200,
    );
    expect(raw.commit).toMatchObject({ operation: 'load', message: text });
  });

  it('takes it on /branches/merge', async () => {
    await expectJson(await server.call('POST', `${G}/branches`, { json: { name: 'side' } }), 200);
    await expectJson(
      await server.call('POST', `${G}/mutate`, {
        json: { query: ADD, params: { name: 'Jo' }, branch: 'side' },
      }),
      200,
    );
    const [unmessaged] = await commits('side');
    expect(unmessaged).toMatchObject({ operation: 'mutate' });
    expect(unmessaged).not.toHaveProperty('message');
    const merged = await expectJson(
      await server.call('POST', `${G}/branches/merge`, {
        json: { source: 'side', message: 'merge side' },
      }),
      200,
    );
    expect(merged.commit).toMatchObject({ operation: 'merge', message: 'merge side' });
  });

  it('treats an empty message as none', async () => {
    const body = await expectJson(
      await server.call('POST', `${G}/mutate`, {
        json: { query: ADD, params: { name: 'Kim' }, message: '' },
      }),
      200,
    );
    expect(body.commit).not.toHaveProperty('message');
  });

  it('refuses a bad message with 400 bad_request, naming it, and writes nothing', async () => {
    const before = await commits();
    const long = 'x'.repeat(4097);
    const refusals = [
      server.call('POST', `${G}/mutate`, {
        json: { query: ADD, params: { name: 'Zed' }, message: long },
      }),
      // A lone surrogate, as JSON escapes it.
      server.call('POST', `${G}/mutate`, {
        body: `{"query":${JSON.stringify(ADD)},"params":{"name":"Zed"},"message":"a\\ud800"}`,
        headers: { 'content-type': 'application/json' },
      }),
      server.call('POST', `${G}/mutate`, {
        json: { query: ADD, params: { name: 'Zed' }, message: 42 },
      }),
      server.call('POST', `${G}/load`, { json: { data: person('Zed'), message: long } }),
      server.call('POST', `${G}/load/ndjson?message=${long}`, {
        body: person('Zed'),
        headers: { 'content-type': 'application/x-ndjson' },
      }),
      server.call('POST', `${G}/branches/merge`, { json: { source: 'side', message: long } }),
      server.call('POST', `${G}/queries/add_person`, {
        json: { params: { name: 'Zed' }, message: long },
      }),
    ];
    const bodies = await Promise.all(refusals.map(async (r) => expectJson(await r, 400)));
    for (const body of bodies) {
      expect(body.code).toBe('bad_request');
      expect(body.error).toMatch(
        /^invalid (request body|query string|stored-query invocation body): .*message/,
      );
    }
    expect(bodies[0]?.error).toBe(
      'invalid request body: message: longer than 4096 characters (4097)',
    );
    expect(bodies[1]?.error).toBe(
      'invalid request body: message: not well-formed Unicode: lone surrogate U+D800 at character 2',
    );
    expect(bodies[4]?.error).toBe(
      'invalid query string: message: longer than 4096 characters (4097)',
    );
    expect(await commits()).toEqual(before);
  });

  it('accepts it on /schema/apply, which a served graph still refuses', async () => {
    const body = await expectJson(
      await server.call('POST', `${G}/schema/apply`, {
        json: { schema_source: 'node Person { name: String @key }', message: 'nope' },
      }),
      409,
    );
    expect(body.code).toBe('conflict');
  });
});

// The read extensions a remote client needs to behave as a local graph: `profile` on /query,
// /query/explain, the columns of 64-bit integers, and exports and snapshots at a commit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJson, startServer, TEAM_POLICY, type Harness } from './server-harness.js';

const ADMIN = 'tok-admin';
const READER = 'tok-reader';
const PEOPLE =
  'query people() { match { $p: Person } return { $p.name, $p.age } order { $p.name asc } }';
const COUNT = 'query total() { match { $p: Person } return { count($p) as total } }';
const ADD = 'query add($n: String) { insert Person { name: $n } }';

let server: Harness;

beforeAll(async () => {
  server = await startServer({
    graphs: [{ id: 'team', policy: TEAM_POLICY }, { id: 'plain' }],
    auth: { tokensJson: JSON.stringify({ 'act-admin': ADMIN, 'act-reader': READER }) },
  });
  await expectJson(
    await server.call('POST', '/graphs/team/branches', { json: { name: 'side' }, token: ADMIN }),
    200,
  );
});
afterAll(() => server.close());

/** The status and body of a call, to compare two routes' answers. */
async function answer(route: string, json: unknown, token = ADMIN) {
  const response = await server.call('POST', route, { json, token });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('POST /query with profile', () => {
  it('answers the rows with the plan as it ran', async () => {
    const plain = await expectJson(
      await server.call('POST', '/graphs/team/query', { json: { query: PEOPLE }, token: ADMIN }),
      200,
    );
    expect(plain.profile).toBeUndefined();
    const profiled = await expectJson(
      await server.call('POST', '/graphs/team/query', {
        json: { query: PEOPLE, profile: true },
        token: ADMIN,
      }),
      200,
    );
    const { profile, ...result } = profiled;
    expect(result).toEqual(plain);
    expect(profile).toMatchObject({ query_name: 'people', plan: { operator: 'match', rows: 4 } });
    expect(Object.keys(profile as object)).toEqual(['query_name', 'plan', 'total_ms', 'caches']);
    const { caches } = profile as { caches: { budget_bytes: number; used_bytes: number } };
    expect(caches.budget_bytes).toBeGreaterThan(0);
    expect(caches.used_bytes).toBeLessThanOrEqual(caches.budget_bytes);
    expect(Object.keys(profiled).at(-1)).toBe('profile');
    await expectJson(
      await server.call('POST', '/graphs/team/query', {
        json: { query: PEOPLE, profile: 'yes' },
        token: ADMIN,
      }),
      400,
    );
  });

  it('names the columns of 64-bit integers in Omnigraph-Bigint-Columns', async () => {
    const header = async (query: string) =>
      (
        await server.call('POST', '/graphs/team/query', { json: { query }, token: ADMIN })
      ).headers.get('omnigraph-bigint-columns');
    expect(await header(PEOPLE)).toBe('');
    expect(await header(COUNT)).toBe('total');
  });
});

describe('POST /query/explain', () => {
  it('answers the plan without running it', async () => {
    const plan = await expectJson(
      await server.call('POST', '/graphs/team/query/explain', {
        json: { query: PEOPLE, branch: 'side' },
        token: ADMIN,
      }),
      200,
    );
    expect(plan).toMatchObject({ query_name: 'people', plan: { operator: 'match' } });
    expect(Object.keys(plan)).toEqual(['query_name', 'plan']);
    expect(JSON.stringify(plan)).not.toMatch(/elapsed_ms|total_ms|"rows"/);
  });

  it('refuses what /query refuses, with the same answer', async () => {
    const cases: { json: unknown; token?: string }[] = [
      { json: { query: ADD, params: { n: 'X' } } },
      { json: { query: 'query q {' } },
      { json: { query: PEOPLE, branch: 'nope' } },
      { json: { query: PEOPLE, branch: 'main', snapshot: '01AAAAAAAAAAAAAAAAAAAAAAAA' } },
      { json: { query: PEOPLE, snapshot: '01AAAAAAAAAAAAAAAAAAAAAAAA' } },
      { json: { query: PEOPLE, branch: 'side' }, token: READER },
      {
        json: { query: 'query q($n: I32) { match { $p: Person { age: $n } } return { $p.name } }' },
      },
    ];
    for (const { json, token } of cases) {
      const read = await answer('/graphs/team/query', json, token);
      const explained = await answer('/graphs/team/query/explain', json, token);
      expect(read.status).toBeGreaterThanOrEqual(400);
      expect(explained, JSON.stringify(json)).toEqual(read);
    }
    const extra = await answer('/graphs/team/query/explain', { query: PEOPLE, profile: true });
    expect(extra.status).toBe(400);
  });
});

describe('reads and exports at a snapshot', () => {
  it('exports and describes a commit, not the head', async () => {
    const before = await expectJson(
      await server.call('GET', '/graphs/team/snapshot', { token: ADMIN }),
      200,
    );
    const commit = before.graph_commit_id as string;
    await expectJson(
      await server.call('POST', '/graphs/team/mutate', {
        json: { query: ADD, params: { n: 'Later' } },
        token: ADMIN,
      }),
      200,
    );
    const exported = async (json: unknown) => {
      const response = await server.call('POST', '/graphs/team/export', { json, token: ADMIN });
      expect(response.status).toBe(200);
      return response.text();
    };
    expect(await exported({ type_names: ['Person'] })).toContain('"Later"');
    const old = await exported({ snapshot: commit, type_names: ['Person'] });
    expect(old).toContain('"Alice"');
    expect(old).not.toContain('"Later"');

    const described = await expectJson(
      await server.call('GET', `/graphs/team/snapshot?snapshot=${commit}`, { token: ADMIN }),
      200,
    );
    expect(described).toEqual(before);
  });

  it('refuses a branch with a snapshot, an unknown commit, and default-deny exports', async () => {
    const both = await expectJson(
      await server.call('POST', '/graphs/team/export', {
        json: { branch: 'main', snapshot: '01AAAAAAAAAAAAAAAAAAAAAAAA' },
        token: ADMIN,
      }),
      400,
    );
    expect(both.error).toBe('request may specify branch or snapshot, not both');
    await expectJson(
      await server.call('POST', '/graphs/team/export', {
        json: { snapshot: '01AAAAAAAAAAAAAAAAAAAAAAAA' },
        token: ADMIN,
      }),
      404,
    );
    await expectJson(
      await server.call(
        'GET',
        '/graphs/team/snapshot?branch=main&snapshot=01AAAAAAAAAAAAAAAAAAAAAAAA',
        { token: ADMIN },
      ),
      400,
    );
    const head = await expectJson(
      await server.call('GET', '/graphs/plain/snapshot', { token: ADMIN }),
      200,
    );
    const denied = await expectJson(
      await server.call('POST', '/graphs/plain/export', {
        json: { snapshot: head.graph_commit_id },
        token: ADMIN,
      }),
      403,
    );
    expect(denied.error).toBe(
      "policy denied action 'export' for actor 'act-admin': graph 'plain' has no policy bundle, so actors may only read",
    );
  });
});

import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJson, startServer, TEST_GQ, type Harness } from './server-harness.js';

let server: Harness;
const G = '/graphs/people';

beforeAll(async () => {
  server = await startServer({
    graphs: [{ id: 'people' }, { id: 'other' }],
    auth: { unauthenticated: true },
  });
});
afterAll(async () => {
  await server.close();
});

const PEOPLE =
  'query people() { match { $p: Person } return { $p.name, $p.age } order { $p.name asc } }';

describe('flat routes', () => {
  it('answers /healthz', async () => {
    const body = await expectJson(await server.call('GET', '/healthz'), 200);
    expect(body.status).toBe('ok');
    expect(typeof body.version).toBe('string');
    expect(body.internal_schema_version).toEqual(expect.any(Number));
  });

  it('serves the OpenAPI document without security in open mode', async () => {
    const doc = await expectJson(await server.call('GET', '/openapi.json'), 200);
    expect(doc.openapi).toBe('3.1.0');
    expect(JSON.stringify(doc)).not.toContain('bearerAuth');
  });

  it('denies graph_list without a cluster bundle, even open', async () => {
    const body = await expectJson(await server.call('GET', '/graphs'), 403);
    expect(body.code).toBe('forbidden');
  });

  it('answers unknown routes and bare flat paths with the 404 envelope', async () => {
    for (const route of ['/nope', '/read', '/snapshot']) {
      const body = await expectJson(await server.call('GET', route), 404);
      expect(body).toMatchObject({ code: 'not_found' });
    }
    await expectJson(await server.call('POST', '/read', { json: {} }), 404);
  });
});

describe('reads', () => {
  it('runs /query and writes 64-bit safe JSON', async () => {
    const body = await expectJson(
      await server.call('POST', `${G}/query`, { json: { query: PEOPLE } }),
      200,
    );
    expect(body).toMatchObject({
      query_name: 'people',
      row_count: 4,
      columns: ['p.name', 'p.age'],
    });
    expect((body.rows as unknown[])[0]).toEqual({ 'p.name': 'Alice', 'p.age': 30 });
    expect(body.target).toEqual({ branch: 'main', snapshot: null });
    expect(body.graph_commit_id).toEqual(expect.any(String));
  });

  it('runs a named query of a multi-query source with params, and on a snapshot', async () => {
    const json = { query: TEST_GQ, name: 'get_person', params: { name: 'Bob' } };
    const head = await expectJson(await server.call('POST', `${G}/query`, { json }), 200);
    expect(head.rows).toEqual([{ 'p.name': 'Bob', 'p.age': 25 }]);
    const snapshot = head.graph_commit_id as string;
    const pinned = await expectJson(
      await server.call('POST', `${G}/query`, { json: { ...json, snapshot } }),
      200,
    );
    expect(pinned.target).toEqual({ branch: null, snapshot });
  });

  it('refuses mutations, branch with snapshot, bad params and bad sources on /query', async () => {
    const mutation = 'query m() { insert Person { name: "Zed" } }';
    const refused = await expectJson(
      await server.call('POST', `${G}/query`, { json: { query: mutation } }),
      400,
    );
    expect(refused.error).toBe(
      "query 'm' contains mutations (insert/update/delete); use POST /mutate for write queries",
    );
    const both = await expectJson(
      await server.call('POST', `${G}/query`, {
        json: { query: PEOPLE, branch: 'main', snapshot: 'x' },
      }),
      400,
    );
    expect(both.error).toBe('request may specify branch or snapshot, not both');
    const params = { query: TEST_GQ, name: 'get_person', params: { name: 3 } };
    expect(
      (await expectJson(await server.call('POST', `${G}/query`, { json: params }), 400)).code,
    ).toBe('bad_request');
    expect(
      (
        await expectJson(
          await server.call('POST', `${G}/query`, { json: { query: 'query (' } }),
          400,
        )
      ).code,
    ).toBe('bad_request');
    const missing = await expectJson(
      await server.call('POST', `${G}/query`, { json: { query: PEOPLE, branch: 'nope' } }),
      404,
    );
    expect(missing.error).toBe("branch 'nope' not found");
  });

  it('serves the deprecated /read byte-stable, without graph_commit_id', async () => {
    const response = await server.call('POST', `${G}/read`, { json: { query_source: PEOPLE } });
    expect(response.headers.get('deprecation')).toBe('true');
    expect(response.headers.get('link')).toBe(`<${G}/query>; rel="successor-version"`);
    const body = await expectJson(response, 200);
    expect(body).not.toHaveProperty('graph_commit_id');
    expect(body.row_count).toBe(4);
  });

  it('answers /snapshot for main and a branch', async () => {
    const body = await expectJson(await server.call('GET', `${G}/snapshot`), 200);
    expect(body).toMatchObject({ graph_branch: 'main' });
    expect((body.datasets as unknown[]).length).toBe(4);
    await expectJson(await server.call('GET', `${G}/snapshot?branch=nope`), 404);
    await expectJson(await server.call('GET', `${G}/snapshot?bogus=1`), 400);
  });

  it('streams /export as NDJSON and reports failures before the 200', async () => {
    const response = await server.call('POST', `${G}/export`, {
      json: { type_names: ['Company'] },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string });
    expect(lines.map((line) => line.type)).toEqual(['Company', 'Company']);
    await expectJson(await server.call('POST', `${G}/export`, { json: { branch: 'nope' } }), 404);
    await expectJson(await server.call('POST', `${G}/export`, { json: { branch: '  ' } }), 400);
    await expectJson(
      await server.call('POST', `${G}/export`, { json: { type_names: ['Nope'] } }),
      400,
    );
  });

  it('answers /schema', async () => {
    const body = await expectJson(await server.call('GET', `${G}/schema`), 200);
    expect(body.schema_source).toContain('node Person');
  });
});

describe('request bodies', () => {
  it('refuses unknown fields, wrong types, malformed JSON and other content types in the envelope', async () => {
    const unknown = await expectJson(
      await server.call('POST', `${G}/query`, { json: { query: PEOPLE, extra: 1 } }),
      400,
    );
    expect(unknown).toMatchObject({ code: 'bad_request' });
    expect(unknown.error).toContain('extra');
    await expectJson(await server.call('POST', `${G}/query`, { json: { query: 1 } }), 400);
    const malformed = await server.call('POST', `${G}/query`, {
      body: '{"query":',
      headers: { 'content-type': 'application/json' },
    });
    expect((await expectJson(malformed, 400)).code).toBe('bad_request');
    const text = await server.call('POST', `${G}/query`, {
      body: 'x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(await expectJson(text, 415)).toMatchObject({ code: 'bad_request' });
  });

  it('refuses bodies over 1 MiB with 413', async () => {
    const big = { query: `${PEOPLE} ${' '.repeat(1024 * 1024)}` };
    const body = await expectJson(await server.call('POST', `${G}/query`, { json: big }), 413);
    expect(body.code).toBe('bad_request');
  });
});

describe('writes', () => {
  it('mutates, and reports a commit or null', async () => {
    const json = {
      query: 'query add($n: String) { insert Person { name: $n } }',
      params: { n: 'Eve' },
    };
    const body = await expectJson(await server.call('POST', `${G}/mutate`, { json }), 200);
    expect(body).toMatchObject({
      branch: 'main',
      query_name: 'add',
      affected_nodes: 1,
      affected_edges: 0,
    });
    expect(body).not.toHaveProperty('actor_id');
    expect((body.commit as { graph_commit_id: string }).graph_commit_id).toEqual(
      expect.any(String),
    );
    const legacy = { query_source: 'query noop() { delete Person where name = "nobody" }' };
    const response = await server.call('POST', `${G}/change`, { json: legacy });
    expect(response.headers.get('link')).toBe(`<${G}/mutate>; rel="successor-version"`);
    expect((await expectJson(response, 200)).commit).toBeNull();
  });

  it('reports key conflicts and refuses the conditional header on /mutate', async () => {
    const append = { data: '{"type":"Person","data":{"name":"Alice"}}', mode: 'append' };
    const conflict = await expectJson(
      await server.call('POST', `${G}/load`, { json: append }),
      409,
    );
    expect(conflict).toMatchObject({
      code: 'conflict',
      key_conflict: { type_name: 'Person', entity_id: 'Alice' },
    });
    const json = { query: 'query add() { insert Person { name: "Alice" } }' };
    const headers = { 'omnigraph-if-graph-commit': 'x' };
    await expectJson(await server.call('POST', `${G}/mutate`, { json, headers }), 400);
    await expectJson(
      await server.call('POST', `${G}/mutate`, { json: { query: 'q', query_source: 'q' } }),
      400,
    );
  });

  it('runs conditional mutations, 412 on a moved head, 400 on bad headers', async () => {
    const commits = await expectJson(await server.call('GET', `${G}/commits`), 200);
    const head = (commits.commits as { graph_commit_id: string }[])[0]!.graph_commit_id;
    const json = { query: 'query age() { update Person set { age: 31 } where name = "Alice" }' };
    const route = `${G}/mutate/if-graph-commit`;
    const ok = await expectJson(
      await server.call('POST', route, { json, headers: { 'omnigraph-if-graph-commit': head } }),
      200,
    );
    expect(ok.affected_nodes).toBe(1);
    const stale = await expectJson(
      await server.call('POST', route, { json, headers: { 'omnigraph-if-graph-commit': head } }),
      412,
    );
    expect(stale).not.toHaveProperty('code');
    expect(stale.precondition_failure).toMatchObject({ expected: head });
    for (const value of ['', '*', 'W/"x"', '"x"', 'a, b']) {
      await expectJson(
        await server.call('POST', route, { json, headers: { 'omnigraph-if-graph-commit': value } }),
        400,
      );
    }
    await expectJson(await server.call('POST', route, { json }), 400);
    const twice = await rawRequest('POST', route, JSON.stringify(json), [
      ['content-type', 'application/json'],
      ['omnigraph-if-graph-commit', head],
      ['omnigraph-if-graph-commit', head],
    ]);
    expect(twice.status).toBe(400);
  });

  it('loads through /load, /ingest and /load/ndjson', async () => {
    const data = '{"type":"Company","data":{"name":"Initech"}}';
    const body = await expectJson(
      await server.call('POST', `${G}/load`, { json: { data, mode: 'merge' } }),
      200,
    );
    expect(body).toMatchObject({
      branch: 'main',
      mode: 'merge',
      total_entities: 1,
      branch_created: false,
    });
    expect(body.uri).toEqual(expect.any(String));
    const ingest = await server.call('POST', `${G}/ingest`, {
      json: { data, branch: 'loaded', from: 'main' },
    });
    expect(ingest.headers.get('deprecation')).toBe('true');
    expect(await expectJson(ingest, 200)).toMatchObject({
      branch: 'loaded',
      base_branch: 'main',
      branch_created: true,
    });
    const missing = await expectJson(
      await server.call('POST', `${G}/load`, { json: { data, branch: 'nope' } }),
      404,
    );
    expect(missing.error).toBe("branch 'nope' not found; pass `from` to create it");
    const raw = await server.call('POST', `${G}/load/ndjson?mode=append&branch=loaded`, {
      body: '{"type":"Company","data":{"name":"Hooli"}}\n',
      headers: { 'content-type': 'Application/X-NDJSON; charset=utf-8' },
    });
    const batch = await expectJson(raw, 200);
    expect(batch).not.toHaveProperty('uri');
    expect(batch).toMatchObject({ branch: 'loaded', mode: 'append', total_entities: 1 });
    const wrongType = await server.call('POST', `${G}/load/ndjson`, { json: { data } });
    expect(await expectJson(wrongType, 415)).toMatchObject({ code: 'bad_request' });
    await expectJson(
      await server.call('POST', `${G}/load`, { json: { data, mode: 'upsert' } }),
      400,
    );
  });

  it('refuses /load/ndjson bodies over the load limit as graph_batch_request_bytes', async () => {
    const small = await startServer({ graphs: [{ id: 'tiny' }], limits: { loadBodyBytes: 64 } });
    try {
      const body = '{"type":"Company","data":{"name":"Hooli"}}\n'.repeat(4);
      const response = await small.call('POST', '/graphs/tiny/load/ndjson', {
        body,
        headers: { 'content-type': 'application/x-ndjson' },
      });
      const error = await expectJson(response, 413);
      expect(error.resource_limit).toEqual({
        resource: 'graph_batch_request_bytes',
        limit: 64,
        actual: body.length,
      });
    } finally {
      await small.close();
    }
  });

  it('refuses schema apply on a cluster-served graph', async () => {
    const body = await expectJson(
      await server.call('POST', `${G}/schema/apply`, {
        json: { schema_source: 'node X { id: String @key }' },
      }),
      409,
    );
    expect(body.error).toContain('omnigraph cluster apply');
  });
});

describe('branches and commits', () => {
  it('creates, lists, merges and deletes branches, names with slashes included', async () => {
    const created = await expectJson(
      await server.call('POST', `${G}/branches`, { json: { name: 'feature/x' } }),
      200,
    );
    expect(created).toMatchObject({ from: 'main', name: 'feature/x' });
    await expectJson(
      await server.call('POST', `${G}/branches`, { json: { name: 'feature/x' } }),
      409,
    );
    const list = await expectJson(await server.call('GET', `${G}/branches`), 200);
    expect(list.branches).toContain('feature/x');
    const json = {
      query: 'query add() { insert Company { name: "Umbrella" } }',
      branch: 'feature/x',
    };
    await expectJson(await server.call('POST', `${G}/mutate`, { json }), 200);
    const merged = await expectJson(
      await server.call('POST', `${G}/branches/merge`, {
        json: { source: 'feature/x', delete_branch: true },
      }),
      200,
    );
    expect(merged).toMatchObject({ source: 'feature/x', target: 'main', branch_deleted: true });
    await expectJson(await server.call('POST', `${G}/branches`, { json: { name: 'gone/y' } }), 200);
    const deleted = await expectJson(await server.call('DELETE', `${G}/branches/gone/y`), 200);
    expect(deleted).toMatchObject({ name: 'gone/y' });
    await expectJson(await server.call('DELETE', `${G}/branches/gone/y`), 404);
  });

  it('refuses traversal and odd characters in branch names', async () => {
    for (const name of ['..', 'a/../b', '.hidden', 'bad name', 'ü']) {
      await expectJson(await server.call('POST', `${G}/branches`, { json: { name } }), 400);
    }
    await expectJson(await server.call('DELETE', `${G}/branches/..%2F..%2Fx`), 400);
    await expectJson(await server.call('GET', `${G}/commits?branch=..%2Fx`), 400);
  });

  it('lists and shows commits, and pages a commit diff', async () => {
    const list = await expectJson(await server.call('GET', `${G}/commits`), 200);
    const commits = list.commits as { graph_commit_id: string; parent_commit_id: string | null }[];
    const withParent = commits.find((commit) => commit.parent_commit_id !== null)!;
    const shown = await expectJson(
      await server.call('GET', `${G}/commits/${withParent.graph_commit_id}`),
      200,
    );
    expect(shown.graph_commit_id).toBe(withParent.graph_commit_id);
    await expectJson(await server.call('GET', `${G}/commits/01ARZ3NDEKTSV4RRFFQ69G5FAV`), 404);
    const route = `${G}/commits/${withParent.graph_commit_id}/changes`;
    const page = await expectJson(
      await server.call('GET', `${route}?limit=1&kind=node&kind=edge`),
      200,
    );
    expect((page.changes as unknown[]).length).toBeLessThanOrEqual(1);
    await expectJson(await server.call('GET', `${route}?limit=0`), 400);
    await expectJson(await server.call('GET', `${route}?limit=1&limit=2`), 400);
    await expectJson(await server.call('GET', `${route}?bogus=1`), 400);
    await expectJson(await server.call('GET', `${route}?op=upsert`), 400);
    const genesis = commits.find((commit) => commit.parent_commit_id === null)!;
    const refusal = await expectJson(
      await server.call('GET', `${G}/commits/${genesis.graph_commit_id}/changes`),
      409,
    );
    expect(refusal.change_diff_refusal).toMatchObject({ reason: 'parentless_commit' });
  });
});

describe('stored queries', () => {
  it('lists the tool catalog', async () => {
    const body = await expectJson(await server.call('GET', `${G}/queries`), 200);
    expect(body.queries).toEqual([
      {
        name: 'add_person',
        tool_name: 'add_person',
        mutation: true,
        params: [
          { name: 'name', kind: 'string', nullable: false },
          { name: 'age', kind: 'int', nullable: true },
        ],
      },
      {
        name: 'get_person',
        tool_name: 'get_person',
        mutation: false,
        params: [{ name: 'name', kind: 'string', nullable: false }],
      },
    ]);
  });

  it('invokes reads and mutations, with optional bodies', async () => {
    const read = await expectJson(
      await server.call('POST', `${G}/queries/get_person`, { json: { params: { name: 'Bob' } } }),
      200,
    );
    expect(read.rows).toEqual([{ 'p.name': 'Bob', 'p.age': 25 }]);
    const write = await expectJson(
      await server.call('POST', `${G}/queries/add_person`, { json: { params: { name: 'Frank' } } }),
      200,
    );
    expect(write).toMatchObject({ query_name: 'add_person', affected_nodes: 1 });
    const empty = await server.call('POST', `${G}/queries/get_person`);
    expect((await expectJson(empty, 400)).code).toBe('bad_request');
    const nullBody = await server.call('POST', `${G}/queries/get_person`, {
      body: 'null',
      headers: { 'content-type': 'application/json' },
    });
    expect((await expectJson(nullBody, 400)).error).toContain('name');
  });

  it('answers the documented stored-query errors', async () => {
    const missing = await expectJson(
      await server.call('POST', `${G}/queries/nope`, { json: {} }),
      404,
    );
    expect(missing).toEqual({ error: 'stored query not found', code: 'not_found' });
    const bad = await server.call('POST', `${G}/queries/get_person`, {
      body: '{',
      headers: { 'content-type': 'application/json' },
    });
    expect((await expectJson(bad, 400)).error).toMatch(/^invalid stored-query invocation body: /);
    const kind = await expectJson(
      await server.call('POST', `${G}/queries/get_person`, {
        json: { expect_mutation: true, params: { name: 'x' } },
      }),
      400,
    );
    expect(kind.error).toBe("'get_person' is a read — use omnigraph query get_person");
    const snapshot = await expectJson(
      await server.call('POST', `${G}/queries/add_person`, {
        json: { snapshot: 'x', params: { name: 'x' } },
      }),
      400,
    );
    expect(snapshot.error).toBe('stored mutation cannot target a snapshot');
    const conditionalRead = await expectJson(
      await server.call('POST', `${G}/queries/get_person/if-graph-commit`, {
        json: {},
        headers: { 'omnigraph-if-graph-commit': '01ARZ3NDEKTSV4RRFFQ69G5FAV' },
      }),
      400,
    );
    expect(conditionalRead.error).toBe(
      'the graph-commit conditional route applies only to stored mutations',
    );
    const header = { 'omnigraph-if-graph-commit': '01ARZ3NDEKTSV4RRFFQ69G5FAV' };
    await expectJson(
      await server.call('POST', `${G}/queries/add_person`, { json: {}, headers: header }),
      400,
    );
    const stale = await server.call('POST', `${G}/queries/add_person/if-graph-commit`, {
      json: { params: { name: 'Gina' } },
      headers: header,
    });
    expect(await expectJson(stale, 412)).toHaveProperty('precondition_failure');
  });
});

describe('graph ids', () => {
  it('answers 400 for invalid and reserved ids, 404 for unknown ones', async () => {
    for (const id of [
      'under_score',
      'a.b',
      'graphs',
      'healthz',
      'x'.repeat(65),
      '%C3%BC',
      'a%2Fb',
      '%2E%2E',
    ]) {
      // Sent as written: fetch would resolve `%2E%2E` as a dot segment.
      const response = await rawRequest('GET', `/graphs/${id}/schema`, undefined, []);
      expect([id, response.status]).toEqual([id, 400]);
      expect(JSON.parse(response.body)).toMatchObject({ code: 'bad_request' });
    }
    const unknown = await expectJson(await server.call('GET', '/graphs/ghost/schema'), 404);
    expect(unknown).toEqual({ error: "graph 'ghost' not found", code: 'not_found' });
  });

  it('does not let dot segments escape a graph', async () => {
    const escape = await rawRequest('GET', '/graphs/people/../../healthz', undefined, []);
    expect(escape.status).toBe(404);
    expect(JSON.parse(escape.body)).toMatchObject({ code: 'not_found' });
    const undecodable = await rawRequest('GET', '/graphs/%ZZ/schema', undefined, []);
    expect(undecodable.status).toBe(400);
    expect(JSON.parse(undecodable.body)).toMatchObject({ code: 'bad_request' });
  });
});

describe('logs', () => {
  it('writes one line per request with method, route, status, duration and actor', () => {
    const lines = server.logs.filter((line) => line.msg === 'request');
    expect(lines.length).toBeGreaterThan(20);
    expect(lines[0]).toMatchObject({
      level: 30,
      method: 'GET',
      route: '/healthz',
      status: 200,
      actor: null,
    });
    expect(lines[0]!.duration_ms).toEqual(expect.any(Number));
  });
});

/** A request sent as written (no URL normalization, repeated headers kept). */
function rawRequest(
  method: string,
  route: string,
  body: string | undefined,
  headers: [string, string][],
): Promise<{ status: number; body: string }> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: route,
        headers: headers.length === 0 ? {} : headers.flat(),
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, body: text });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

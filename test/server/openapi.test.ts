import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import createClient from 'openapi-fetch';
import openapiTS, { astToString } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_OPERATIONS } from '../../src/server/api-operations.js';
import { openApiDocument } from '../../src/server/index.js';
import type { paths } from './openapi-types.js';
import { startServer, type Harness } from './server-harness.js';

const TYPES_FILE = path.join(import.meta.dirname, 'openapi-types.ts');
const G = '/graphs/people';
const PEOPLE = 'query people() { match { $p: Person } return { $p.name, $p.age } }';
const HEAD = 'omnigraph-if-graph-commit';

type Doc = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>
  >;
};

let server: Harness;
let doc: Doc;
let ajv: Ajv2020;

beforeAll(async () => {
  server = await startServer({ graphs: [{ id: 'people' }] });
  doc = (await (await server.call('GET', '/openapi.json')).json()) as Doc;
  ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema({ $id: 'doc', components: (doc as unknown as { components: unknown }).components });
});
afterAll(() => server.close());

/** Checks a real response against the document's schema for its operation and status. */
async function conforms(method: string, route: string, response: Response): Promise<unknown> {
  const operation = doc.paths[route]?.[method];
  if (operation === undefined) throw new Error(`no operation ${method} ${route}`);
  const documented = operation.responses[String(response.status)];
  if (documented === undefined)
    throw new Error(
      `${method} ${route} answered undocumented ${response.status}: ${await response.text()}`,
    );
  const type = response.headers.get('content-type') ?? '';
  const [mediaType, content] = Object.entries(documented.content ?? {})[0] ?? [];
  expect(type.startsWith(mediaType ?? '-')).toBe(true);
  if (mediaType !== 'application/json') return response.text();
  const body: unknown = await response.json();
  const schema = JSON.parse(
    JSON.stringify(content!.schema).replaceAll('"#/components', '"doc#/components'),
  ) as object;
  const validate = ajv.compile(schema);
  if (!validate(body))
    throw new Error(
      `${method} ${route} ${response.status}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`,
    );
  return body;
}

describe('the OpenAPI document', () => {
  it('describes every route, and real responses conform to it', async () => {
    const seen = new Set<string>();
    const check = async (
      method: string,
      route: string,
      url: string,
      init: Parameters<Harness['call']>[2] = {},
    ) => {
      seen.add(`${method} ${route}`);
      return conforms(method, route, await server.call(method.toUpperCase(), url, init));
    };
    await check('get', '/healthz', '/healthz');
    await check('get', '/openapi.json', '/openapi.json');
    await check('get', '/graphs', '/graphs');
    await check('get', '/graphs/{graph_id}/snapshot', `${G}/snapshot`);
    const read = (await check('post', '/graphs/{graph_id}/query', `${G}/query`, {
      json: { query: PEOPLE },
    })) as { graph_commit_id: string };
    await check('post', '/graphs/{graph_id}/query', `${G}/query`, { json: { query: 1 } });
    await check('post', '/graphs/{graph_id}/query', `${G}/query`, {
      json: { query: PEOPLE, profile: true },
    });
    await check('post', '/graphs/{graph_id}/query/explain', `${G}/query/explain`, {
      json: { query: PEOPLE },
    });
    await check('post', '/graphs/{graph_id}/query/explain', `${G}/query/explain`, {
      json: { query: PEOPLE, profile: true },
    });
    await check('post', '/graphs/{graph_id}/read', `${G}/read`, { json: { query_source: PEOPLE } });
    await check('post', '/graphs/{graph_id}/export', `${G}/export`, { json: {} });
    const mutation = {
      query: 'query add($n: String) { insert Person { name: $n } }',
      params: { n: 'Oscar' },
    };
    const changed = (await check('post', '/graphs/{graph_id}/mutate', `${G}/mutate`, {
      json: mutation,
    })) as {
      commit: { graph_commit_id: string };
    };
    const commitId = changed.commit.graph_commit_id;
    await check(
      'post',
      '/graphs/{graph_id}/mutate/if-graph-commit',
      `${G}/mutate/if-graph-commit`,
      {
        json: { ...mutation, params: { n: 'Pia' } },
        headers: { [HEAD]: commitId },
      },
    );
    await check(
      'post',
      '/graphs/{graph_id}/mutate/if-graph-commit',
      `${G}/mutate/if-graph-commit`,
      {
        json: mutation,
        headers: { [HEAD]: read.graph_commit_id },
      },
    );
    await check('post', '/graphs/{graph_id}/change', `${G}/change`, {
      json: { query_source: mutation.query, params: { n: 'Quinn' } },
    });
    await check('get', '/graphs/{graph_id}/queries', `${G}/queries`);
    await check('post', '/graphs/{graph_id}/queries/{name}', `${G}/queries/get_person`, {
      json: { params: { name: 'Alice' } },
    });
    await check('post', '/graphs/{graph_id}/queries/{name}', `${G}/queries/add_person`, {
      json: { params: { name: 'Rae' } },
    });
    await check('post', '/graphs/{graph_id}/queries/{name}', `${G}/queries/nope`, { json: {} });
    const head = (await (await server.call('GET', `${G}/commits`)).json()) as {
      commits: { graph_commit_id: string }[];
    };
    await check(
      'post',
      '/graphs/{graph_id}/queries/{name}/if-graph-commit',
      `${G}/queries/add_person/if-graph-commit`,
      {
        json: { params: { name: 'Sam' } },
        headers: { [HEAD]: head.commits[0]!.graph_commit_id },
      },
    );
    await check('post', '/graphs/{graph_id}/mcp', `${G}/mcp`, {
      json: {
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'openapi-test', version: '0' },
        },
      },
      headers: { accept: 'application/json, text/event-stream' },
    });
    await check('get', '/graphs/{graph_id}/schema', `${G}/schema`);
    await check('post', '/graphs/{graph_id}/schema/apply', `${G}/schema/apply`, {
      json: { schema_source: 'node X { id: String @key }' },
    });
    const company = '{"type":"Company","data":{"name":"Vandelay"}}';
    await check('post', '/graphs/{graph_id}/load', `${G}/load`, { json: { data: company } });
    await check('post', '/graphs/{graph_id}/load/ndjson', `${G}/load/ndjson`, {
      body: company,
      headers: { 'content-type': 'application/x-ndjson' },
    });
    await check('post', '/graphs/{graph_id}/load/ndjson', `${G}/load/ndjson`, { json: {} });
    await check('post', '/graphs/{graph_id}/ingest', `${G}/ingest`, { json: { data: company } });
    await check('get', '/graphs/{graph_id}/branches', `${G}/branches`);
    await check('post', '/graphs/{graph_id}/branches', `${G}/branches`, { json: { name: 'side' } });
    await check('get', '/graphs/{graph_id}/diff', `${G}/diff?to=side&op=insert&limit=5`);
    await check('get', '/graphs/{graph_id}/diff', `${G}/diff?from=main&to=side`);
    await check('get', '/graphs/{graph_id}/diff', `${G}/diff?to=nope`);
    await check('get', '/graphs/{graph_id}/diff', `${G}/diff?from=main`);
    await check('post', '/graphs/{graph_id}/branches/merge', `${G}/branches/merge`, {
      json: { source: 'side', dry_run: true },
    });
    await check('post', '/graphs/{graph_id}/branches/merge', `${G}/branches/merge`, {
      json: { source: 'side' },
    });
    await check('delete', '/graphs/{graph_id}/branches/{branch}', `${G}/branches/side`);
    await check('get', '/graphs/{graph_id}/commits', `${G}/commits`);
    await check('get', '/graphs/{graph_id}/commits/{commit_id}', `${G}/commits/${commitId}`);
    await check(
      'get',
      '/graphs/{graph_id}/commits/{commit_id}/changes',
      `${G}/commits/${commitId}/changes`,
    );
    await check(
      'get',
      '/graphs/{graph_id}/commits/{commit_id}/changes',
      `${G}/commits/${commitId}/changes?limit=0`,
    );
    const polled = (await check(
      'get',
      '/graphs/{graph_id}/changes',
      `${G}/changes?start=beginning&limit=1&kind=node`,
    )) as { next_page_token: string };
    await check(
      'get',
      '/graphs/{graph_id}/changes',
      `${G}/changes?page_token=${polled.next_page_token}&kind=node`,
    );
    await check('get', '/graphs/{graph_id}/changes', `${G}/changes`);
    await check('get', '/graphs/{graph_id}/changes', `${G}/changes?start=now&cursor=x`);
    await check('get', '/graphs/{graph_id}/changes', `${G}/changes?cursor=x`);
    await check('get', '/graphs/{graph_id}/changes', `${G}/changes?branch=nope`);
    await check('post', '/graphs/{graph_id}/changes/baseline', `${G}/changes/baseline`, {
      json: { type: ['Person'] },
    });
    await check('post', '/graphs/{graph_id}/changes/baseline', `${G}/changes/baseline`, {
      json: { branch: 'nope' },
    });
    const documented = API_OPERATIONS.map((operation) => `${operation.method} ${operation.path}`);
    expect([...seen].sort()).toEqual([...documented].sort());
  });

  it('marks deprecated routes and prefixes nested operation ids', () => {
    const read = doc.paths['/graphs/{graph_id}/read']!.post as unknown as {
      deprecated: boolean;
      operationId: string;
    };
    expect(read).toMatchObject({ deprecated: true, operationId: 'cluster_read' });
  });
});

describe('a client generated from it', () => {
  it('is the checked-in client types (regenerate with OMNIGRAPH_UPDATE_OPENAPI_TYPES=1)', async () => {
    const generated = astToString(
      await openapiTS(openApiDocument({ version: '0.0.0', open: false }) as never),
    );
    const header = `// Generated from the server's OpenAPI document by openapi-typescript (test/server/openapi.test.ts).\n`;
    const options = { ...(await resolveConfig(TYPES_FILE)), filepath: TYPES_FILE };
    const text = await format(`${header}${generated}`, options);
    if (process.env.OMNIGRAPH_UPDATE_OPENAPI_TYPES === '1') await writeFile(TYPES_FILE, text);
    expect(await readFile(TYPES_FILE, 'utf8')).toBe(text);
  });

  it('runs a query, typed end to end', async () => {
    const client = createClient<paths>({ baseUrl: server.url });
    const { data, error } = await client.POST('/graphs/{graph_id}/query', {
      params: { path: { graph_id: 'people' } },
      body: { query: PEOPLE, params: null },
    });
    expect(error).toBeUndefined();
    expect(data?.row_count).toBeGreaterThan(0);
    const failed = await client.POST('/graphs/{graph_id}/query', {
      params: { path: { graph_id: 'ghost' } },
      body: { query: PEOPLE },
    });
    expect(failed.error?.code).toBe('not_found');
  });
});

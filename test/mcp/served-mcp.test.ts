import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GRAPH,
  mcpCluster,
  rowsOf,
  serveCluster,
  textOf,
  TOKENS,
  type RunningServer,
} from './mcp-fixture.js';

let server: RunningServer;
let endpoint: URL;
const clients: Client[] = [];

beforeAll(async () => {
  const cluster = await mcpCluster();
  server = await serveCluster(cluster.configDir);
  endpoint = new URL(`${server.url}/graphs/${GRAPH}/mcp`);
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await server.stop();
});

/** An MCP client of the graph's endpoint, authenticated with `token`. */
async function connectWith(token: string): Promise<Client> {
  const client = new Client({ name: 'omnigraph-test', version: '0.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(endpoint, {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  clients.push(client);
  return client;
}

async function call(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

async function commitCount(): Promise<number> {
  const response = await fetch(`${server.url}/graphs/${GRAPH}/commits`, {
    headers: { authorization: `Bearer ${TOKENS['act-admin']}` },
  });
  return ((await response.json()) as { commits: unknown[] }).commits.length;
}

describe('the MCP endpoint of a served graph', () => {
  it('lists every stored query as a tool: name, description, input schema and hints', async () => {
    const admin = await connectWith(TOKENS['act-admin']);
    expect(admin.getServerVersion()?.name).toBe('omnigraph');
    const { tools } = await admin.listTools();
    expect(tools.map((tool) => tool.name)).toEqual([
      'account',
      'add_person',
      'find_person',
      'list_people',
      'open_account',
    ]);
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    const find = byName.get('find_person')!;
    expect(find.description).toBe(
      [
        'Find one person by exact name: their name, age and birth date.',
        'Names are case-sensitive; call list_people first when unsure.',
        "Stored read query 'find_person' of graph 'people' (reads branch main).",
      ].join('\n\n'),
    );
    expect(find.inputSchema).toEqual({
      type: 'object',
      properties: { name: { type: 'string' } },
      required: ['name'],
      additionalProperties: false,
    });
    expect(find.annotations).toEqual({ readOnlyHint: true, openWorldHint: false });
    const add = byName.get('add_person')!;
    expect(add.inputSchema).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string' },
        age: { type: ['integer', 'null'] },
        born: { type: ['string', 'null'], format: 'date', description: 'YYYY-MM-DD' },
      },
      required: ['name'],
      additionalProperties: false,
    });
    expect(add.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(add.description).toContain('each call commits its changes on branch main');
    const open = byName.get('open_account')!;
    expect(open.inputSchema.properties?.balance).toMatchObject({
      anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^-?[0-9]+$' }],
    });
    expect(byName.get('account')!.description).toBe(
      "Stored read query 'account' of graph 'people' (reads branch main).",
    );
  });

  it('runs a read and a mutation, whose effect the next read sees', async () => {
    const admin = await connectWith(TOKENS['act-admin']);
    const read = await call(admin, 'find_person', { name: 'Alice' });
    expect(read.isError).toBeFalsy();
    expect(rowsOf(read)).toEqual([{ 'p.name': 'Alice', 'p.age': 30, 'p.born': '1994-03-01' }]);
    expect(read.structuredContent).toMatchObject({ row_count: 1, rows: rowsOf(read) });

    const added = await call(admin, 'add_person', { name: 'Eve', age: 41, born: null });
    expect(added.isError).toBeFalsy();
    expect(JSON.parse(textOf(added))).toMatchObject({
      branch: 'main',
      affected_nodes: 1,
      actor_id: 'act-admin',
    });
    expect(rowsOf(await call(admin, 'find_person', { name: 'Eve' }))).toEqual([
      { 'p.name': 'Eve', 'p.age': 41, 'p.born': null },
    ]);
  });

  it('keeps 64-bit integers exact: a decimal string in, the full width out', async () => {
    const admin = await connectWith(TOKENS['act-admin']);
    const opened = await call(admin, 'open_account', {
      name: 'wide',
      balance: '9223372036854775807',
    });
    expect(opened.isError, textOf(opened)).toBeFalsy();
    const read = await call(admin, 'account', { name: 'wide' });
    expect(textOf(read)).toContain('"a.balance":9223372036854775807');
    // Structured content carries what JSON numbers cannot hold as a decimal string.
    expect(read.structuredContent).toMatchObject({
      rows: [{ 'a.name': 'wide', 'a.balance': '9223372036854775807' }],
    });
    await call(admin, 'open_account', { name: 'small', balance: 42 });
    expect((await call(admin, 'account', { name: 'small' })).structuredContent).toMatchObject({
      rows: [{ 'a.balance': 42 }],
    });
  });

  it('takes a JSON integer past 2^53 exactly over HTTP', async () => {
    // The server parses the body losslessly, so a bare integer needs no string.
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TOKENS['act-admin']}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: '{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"open_account","arguments":{"name":"literal","balance":9007199254740993}}}',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: 7, result: { content: [{ type: 'text' }] } });
    const admin = await connectWith(TOKENS['act-admin']);
    expect(textOf(await call(admin, 'account', { name: 'literal' }))).toContain(
      '"a.balance":9007199254740993',
    );
  });

  it('answers bad arguments with a tool error naming the param, and changes nothing', async () => {
    const admin = await connectWith(TOKENS['act-admin']);
    const before = await commitCount();
    const wrongType = await call(admin, 'add_person', { name: 'Frank', age: 'old' });
    expect(wrongType.isError).toBe(true);
    expect(textOf(wrongType)).toMatch(/^param 'age': /);
    expect(wrongType.structuredContent).toMatchObject({ code: 'bad_request' });
    const missing = await call(admin, 'add_person', {});
    expect(textOf(missing)).toBe("param 'name': parameter not provided");
    const unknown = await call(admin, 'add_person', { name: 'Frank', nmae: 'x' });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toContain("param 'nmae': unknown parameter");
    const badDate = await call(admin, 'add_person', { name: 'Frank', born: 'yesterday' });
    expect(textOf(badDate)).toMatch(/^param 'born': invalid Date/);
    expect(await commitCount()).toBe(before);
    expect(rowsOf(await call(admin, 'find_person', { name: 'Frank' }))).toEqual([]);
  });

  it('refuses a call the policy denies, with the denial, and changes nothing', async () => {
    const before = await commitCount();
    const caller = await connectWith(TOKENS['act-caller']);
    expect(rowsOf(await call(caller, 'find_person', { name: 'Bob' }))).toHaveLength(1);
    const denied = await call(caller, 'add_person', { name: 'Mallory' });
    expect(denied.isError).toBe(true);
    expect(textOf(denied)).toBe(
      "policy denied action 'change' on branch 'main' for actor 'act-caller'",
    );
    expect(denied.structuredContent).toMatchObject({ code: 'forbidden' });

    const reader = await connectWith(TOKENS['act-reader']);
    expect((await reader.listTools()).tools).toHaveLength(5);
    const notInvoked = await call(reader, 'find_person', { name: 'Bob' });
    expect(notInvoked.isError).toBe(true);
    expect(textOf(notInvoked)).toBe("policy denied action 'invoke_query' for actor 'act-reader'");
    expect(await commitCount()).toBe(before);
    const admin = await connectWith(TOKENS['act-admin']);
    expect(rowsOf(await call(admin, 'find_person', { name: 'Mallory' }))).toEqual([]);
  });

  it('answers an unknown tool with a JSON-RPC error', async () => {
    const admin = await connectWith(TOKENS['act-admin']);
    await expect(admin.callTool({ name: 'drop_everything', arguments: {} })).rejects.toThrow(
      /unknown tool 'drop_everything'/,
    );
  });

  it('needs a valid bearer token (401), like every graph route', async () => {
    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'raw', version: '0' },
      },
    };
    const post = (headers: Record<string, string>) =>
      fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...headers,
        },
        body: JSON.stringify(initialize),
      });
    const missing = await post({});
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: 'missing bearer token', code: 'unauthorized' });
    const wrong = await post({ authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'invalid bearer token', code: 'unauthorized' });
    const ok = await post({ authorization: `Bearer ${TOKENS['act-admin']}` });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      jsonrpc: '2.0',
      id: 1,
      result: { serverInfo: { name: 'omnigraph' } },
    });
    await expect(connectWith('nope')).rejects.toThrow();
  });

  it('answers GET and DELETE with 405, and an unknown graph with 404', async () => {
    const auth = { authorization: `Bearer ${TOKENS['act-admin']}` };
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(endpoint, { method, headers: auth });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      expect(await response.json()).toMatchObject({ code: 'method_not_allowed' });
    }
    const ghost = await fetch(`${server.url}/graphs/ghost/mcp`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(ghost.status).toBe(404);
    expect(await ghost.json()).toMatchObject({ error: "graph 'ghost' not found" });
  });
});

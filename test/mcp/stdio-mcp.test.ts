import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GRAPH,
  mcpCluster,
  rowsOf,
  serveCluster,
  stdioSession,
  textOf,
  TOKENS,
  type McpCluster,
  type RunningServer,
  type StdioSession,
} from './mcp-fixture.js';

let cluster: McpCluster;
let server: RunningServer;
const sessions: StdioSession[] = [];

beforeAll(async () => {
  cluster = await mcpCluster();
  server = await serveCluster(cluster.configDir);
});
afterAll(async () => {
  await Promise.all(sessions.map((session) => session.close()));
  await server.stop();
});

async function session(...args: string[]): Promise<StdioSession> {
  const opened = await stdioSession(['mcp', ...args], cluster.dir);
  sessions.push(opened);
  return opened;
}

async function call(
  opened: StdioSession,
  name: string,
  args: Record<string, unknown>,
): Promise<CallToolResult> {
  return (await opened.client.callTool({ name, arguments: args })) as CallToolResult;
}

describe('omnigraph mcp --cluster (stdio, on the cluster storage)', () => {
  it("lists the graph's stored queries and runs them under the cluster's policy", async () => {
    const admin = await session(
      '--cluster',
      cluster.configDir,
      '--graph',
      GRAPH,
      '--as',
      'act-admin',
    );
    expect(admin.stderr()).toContain('omnigraph mcp: serving 5 stored queries of graph people');
    const { tools } = await admin.client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual([
      'account',
      'add_person',
      'find_person',
      'list_people',
      'open_account',
    ]);
    const find = tools.find((tool) => tool.name === 'find_person')!;
    expect(find.description).toMatch(/^Find one person by exact name/);
    expect(find.inputSchema.required).toEqual(['name']);
    expect(find.annotations?.readOnlyHint).toBe(true);

    const added = await call(admin, 'add_person', { name: 'Grace', age: 36, born: '1988-12-09' });
    expect(added.isError, textOf(added)).toBeFalsy();
    expect(JSON.parse(textOf(added))).toMatchObject({ affected_nodes: 1, actor_id: 'act-admin' });
    expect(rowsOf(await call(admin, 'find_person', { name: 'Grace' }))).toEqual([
      { 'p.name': 'Grace', 'p.age': 36, 'p.born': '1988-12-09' },
    ]);
    // Over stdio, a JSON integer past 2^53 is rounded by the parser: the string stays exact.
    await call(admin, 'open_account', { name: 'stdio-wide', balance: '-9223372036854775808' });
    expect(textOf(await call(admin, 'account', { name: 'stdio-wide' }))).toContain(
      '"a.balance":-9223372036854775808',
    );
    const bad = await call(admin, 'add_person', { name: 'Grace', age: 1.5 });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/^param 'age': /);
  });

  it('denies what the bundle denies the actor, and changes nothing', async () => {
    const caller = await session(
      '--cluster',
      cluster.configDir,
      '--graph',
      GRAPH,
      '--as',
      'act-caller',
    );
    expect(rowsOf(await call(caller, 'list_people', {})).length).toBeGreaterThan(0);
    const denied = await call(caller, 'add_person', { name: 'Mallory' });
    expect(denied.isError).toBe(true);
    expect(textOf(denied)).toBe(
      "policy denied action 'change' on branch 'main' for actor 'act-caller'",
    );
    expect(rowsOf(await call(caller, 'find_person', { name: 'Mallory' }))).toEqual([]);

    const stranger = await session(
      '--cluster',
      cluster.configDir,
      '--graph',
      GRAPH,
      '--as',
      'act-nobody',
    );
    await expect(stranger.client.listTools()).rejects.toThrow(
      /^MCP error -32600: policy denied action 'read' for unknown actor 'act-nobody'$/,
    );
    const refused = await call(stranger, 'find_person', { name: 'Alice' });
    expect(textOf(refused)).toContain("policy denied action 'invoke_query'");
  });
});

describe('omnigraph mcp --server (stdio, proxying the served graph)', () => {
  it('lists and runs the served stored queries as the token’s actor', async () => {
    const proxy = await session(
      '--server',
      server.url,
      '--graph',
      GRAPH,
      '--token',
      TOKENS['act-admin'],
    );
    const { tools } = await proxy.client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('find_person');
    const find = tools.find((tool) => tool.name === 'find_person')!;
    expect(find.description).toMatch(/^Find one person by exact name/);
    expect(find.inputSchema.properties).toEqual({ name: { type: 'string' } });

    const added = await call(proxy, 'add_person', { name: 'Heidi', age: 29 });
    expect(added.isError, textOf(added)).toBeFalsy();
    expect(JSON.parse(textOf(added))).toMatchObject({ actor_id: 'act-admin' });
    expect(rowsOf(await call(proxy, 'find_person', { name: 'Heidi' }))).toEqual([
      { 'p.name': 'Heidi', 'p.age': 29, 'p.born': null },
    ]);
    await call(proxy, 'open_account', { name: 'proxy-wide', balance: '18446744073709551' });
    expect(textOf(await call(proxy, 'account', { name: 'proxy-wide' }))).toContain(
      '"a.balance":18446744073709551',
    );
    const bad = await call(proxy, 'add_person', { name: 'Heidi', age: 'x' });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/^param 'age': /);
  });

  it("reports the server's refusals as errors", async () => {
    const caller = await session(
      '--server',
      server.url,
      '--graph',
      GRAPH,
      '--token',
      TOKENS['act-caller'],
    );
    const denied = await call(caller, 'add_person', { name: 'Mallory' });
    expect(denied.isError).toBe(true);
    expect(textOf(denied)).toBe(
      "policy denied action 'change' on branch 'main' for actor 'act-caller'",
    );
    const stranger = await session('--server', server.url, '--graph', GRAPH, '--token', 'nope');
    await expect(stranger.client.listTools()).rejects.toThrow(/invalid bearer token/);
  });

  it('needs an actor where the cluster binds a bundle to the graph', async () => {
    const { runCli } = await import('../../src/cli/program.js');
    const { captureIo } = await import('../helpers/capture-io.js');
    const io = captureIo(cluster.dir, [], { ...process.env, OMNIGRAPH_HOME: cluster.dir });
    expect(await runCli(['mcp', '--cluster', cluster.configDir, '--graph', GRAPH], io)).toBe(2);
    expect(io.err()).toContain('decides every call to graph people: pass --as <actor>');
  });

  it('needs --cluster or --server', async () => {
    const { runCli } = await import('../../src/cli/program.js');
    const { captureIo } = await import('../helpers/capture-io.js');
    const io = captureIo(cluster.dir, [], { ...process.env, OMNIGRAPH_HOME: cluster.dir });
    expect(await runCli(['mcp'], io)).toBe(2);
    expect(io.err()).toContain('`mcp` serves the stored queries of a cluster graph');
  });
});

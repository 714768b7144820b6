import { writeConfigFiles } from '../helpers/config-files.js';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { applyCluster, importCluster, openClusterStore } from '../../src/cluster/index.js';
import { Omnigraph } from '../../src/engine/index.js';
import { testSettings } from '../helpers/s3-env.js';
import { freshTempDir } from '../helpers/temp-dir.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The graph every MCP test serves. */
export const GRAPH = 'people';

export const PEOPLE_PG = `node Person {
    name: String @key
    age: I32?
    born: Date?
}

node Account {
    name: String @key
    balance: I64?
}
`;

/** The stored queries: three reads and two mutations, some annotated. */
export const PEOPLE_GQ = `query find_person($name: String)
    @description("Find one person by exact name: their name, age and birth date.")
    @instruction("Names are case-sensitive; call list_people first when unsure.")
{
    match { $p: Person { name: $name } }
    return { $p.name, $p.age, $p.born }
}

query list_people() @description("Every person, by name.") {
    match { $p: Person }
    return { $p.name }
    order { $p.name asc }
}

query add_person($name: String, $age: I32?, $born: Date?) @description("Add a person.") {
    insert Person { name: $name, age: $age, born: $born }
}

query open_account($name: String, $balance: I64) {
    insert Account { name: $name, balance: $balance }
}

query account($name: String) {
    match { $a: Account { name: $name } }
    return { $a.name, $a.balance }
}
`;

/** Admins do everything; callers may read and invoke stored queries; readers only read. */
const TEAM_POLICY = `version: 1
groups:
  admins: [act-admin]
  callers: [act-caller]
  readers: [act-reader]
rules:
  - id: admins-all
    allow:
      actors: { group: admins }
      actions: [read, export, change, branch_create, branch_delete, branch_merge, invoke_query]
  - id: callers-invoke
    allow:
      actors: { group: callers }
      actions: [read, invoke_query]
  - id: readers-read
    allow:
      actors: { group: readers }
      actions: [read]
`;

/** Bearer tokens by actor. */
export const TOKENS = {
  'act-admin': 'admin-token',
  'act-caller': 'caller-token',
  'act-reader': 'reader-token',
} as const;

const SEED = [
  { type: 'Person', data: { name: 'Alice', age: 30, born: '1994-03-01' } },
  { type: 'Person', data: { name: 'Bob', age: 25 } },
]
  .map((record) => JSON.stringify(record))
  .join('\n');

/** An applied one-graph cluster with the stored queries and bundle above, seeded. */
export interface McpCluster {
  readonly configDir: string;
  /** The graph's storage root. */
  readonly graphUri: string;
  /** A scratch directory (the operator home of spawned commands lives there). */
  readonly dir: string;
}

/** Writes, imports and applies the cluster, then seeds its graph. */
export async function mcpCluster(): Promise<McpCluster> {
  const dir = await freshTempDir('mcp');
  const configDir = path.join(dir, 'config');
  const root = path.join(dir, 'storage');
  const files: Record<string, string> = {
    'cluster.yaml': `version: 1
storage: ${root}
graphs:
  ${GRAPH}: { schema: people.pg, queries: queries/ }
policies:
  team: { file: team.policy.yaml, applies_to: [${GRAPH}] }
`,
    'people.pg': PEOPLE_PG,
    'queries/people.gq': PEOPLE_GQ,
    'team.policy.yaml': TEAM_POLICY,
  };
  await writeConfigFiles(configDir, files);
  const settings = testSettings();
  await importCluster({ configDir, settings });
  await applyCluster({ configDir, settings, actor: 'test' });
  const graphUri = openClusterStore(root, { s3: settings.s3 }).graphUri(GRAPH);
  const graph = await Omnigraph.open(graphUri, { settings });
  await graph.load({ data: SEED, mode: 'merge' }, { actor: 'act-admin' });
  await graph.close();
  return { configDir, graphUri, dir };
}

/** A running `omnigraph-server`. */
export interface RunningServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** Serves the cluster with `omnigraph-server --cluster` on a free port, with {@link TOKENS}. */
export async function serveCluster(
  configDir: string,
  extraArgs: readonly string[] = [],
): Promise<RunningServer> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      import.meta.resolve('tsx'),
      path.join(ROOT, 'src/cli/omnigraph-server.ts'),
      '--cluster',
      configDir,
      '--bind',
      '127.0.0.1:0',
      ...extraArgs,
    ],
    {
      env: {
        ...process.env,
        LANCEDB_LOG: 'error',
        OMNIGRAPH_LOG_LEVEL: 'warn',
        OMNIGRAPH_SERVER_BEARER_TOKENS_JSON: JSON.stringify(TOKENS),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const url = await listenAddress(child);
  return {
    url,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function listenAddress(child: ChildProcess): Promise<string> {
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const address = /OMNIGRAPH_LISTEN_ADDR=(\S+)/.exec(stdout)?.[1];
      if (address !== undefined) resolve(`http://${address}`);
    });
    child.once('exit', (code) => {
      reject(new Error(`omnigraph-server exited ${code}:\n${stderr}`));
    });
  });
}

/** An MCP client connected to `omnigraph mcp …` (spawned through tsx), and its stderr. */
export interface StdioSession {
  readonly client: Client;
  stderr(): string;
  close(): Promise<void>;
}

/** Spawns `omnigraph <args>` (an `mcp` command line) and connects the SDK's stdio client to it. */
export async function stdioSession(args: readonly string[], cwd: string): Promise<StdioSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [
      '--import',
      import.meta.resolve('tsx'),
      path.join(ROOT, 'src/cli/omnigraph.ts'),
      ...args,
    ],
    cwd,
    env: childEnv(cwd),
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'omnigraph-test', version: '0.0.0' });
  try {
    await client.connect(transport);
  } catch (error) {
    throw new Error(`${String(error)}\nstderr:\n${stderr}`);
  }
  return { client, stderr: () => stderr, close: () => client.close() };
}

/** The environment of a spawned command: no token, an empty operator home. */
function childEnv(cwd: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env))
    if (value !== undefined && name !== 'OMNIGRAPH_BEARER_TOKEN' && name !== 'OMNIGRAPH_PROFILE')
      env[name] = value;
  return { ...env, LANCEDB_LOG: 'error', OMNIGRAPH_HOME: path.join(cwd, '.operator-home') };
}

/** The text of a tool result's single text content. */
export function textOf(result: CallToolResult | Record<string, unknown>): string {
  const content = (result as CallToolResult).content;
  const [first] = content;
  if (content.length !== 1 || first?.type !== 'text') throw new Error('expected one text content');
  return first.text;
}

/** The rows of a read tool's result (its JSON text). */
export function rowsOf(
  result: CallToolResult | Record<string, unknown>,
): Record<string, unknown>[] {
  return (JSON.parse(textOf(result)) as { rows: Record<string, unknown>[] }).rows;
}

import { writeConfigFiles } from '../../helpers/config-files.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import {
  applyCluster,
  importCluster,
  openClusterStore,
  type ClusterStore,
} from '../../../src/cluster/index.js';
import { Omnigraph } from '../../../src/engine/index.js';
import { testSettings } from '../../helpers/s3-env.js';
import { freshTempDir } from '../../helpers/temp-dir.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SERVER_CLI = path.join(ROOT, 'src/cli/omnigraph-server.ts');

export const PEOPLE_PG = `node Person {
    name: String @key
    age: I32?
}
`;

export const NOTES_PG = `node Note {
    slug: String @key
}
`;

/** The stored queries of graph `people`: a read and a mutation. */
export const PEOPLE_GQ = `query find_person($name: String) {
    match { $p: Person { name: $name } }
    return { $p.name, $p.age }
}

query everyone() {
    match { $p: Person }
    return { $p.name }
    order { $p.name asc }
}

query add_person($name: String, $age: I32?) {
    insert Person { name: $name, age: $age }
}
`;

/** One bundle for both graphs: admins do everything, readers read. */
const TEAM_POLICY = `version: 1
groups:
  admins: [act-admin]
rules:
  - id: admins-all
    allow:
      actors: { group: admins }
      actions: [read, export, change, branch_create, branch_delete, branch_merge, invoke_query]
`;

const SERVER_POLICY = `version: 1
groups:
  admins: [act-admin]
rules:
  - id: admins-list
    allow:
      actors: { group: admins }
      actions: [graph_list]
`;

/** The token of actor `act-admin`. */
export const ADMIN_TOKEN = 'admin-token';
/** The environment that gives the server its token. */
export const TOKENS_ENV = {
  OMNIGRAPH_SERVER_BEARER_TOKENS_JSON: JSON.stringify({ 'act-admin': ADMIN_TOKEN }),
};

const SEED = ['Alice', 'Bob', 'Carol']
  .map((name, i) => JSON.stringify({ type: 'Person', data: { name, age: 30 + i } }))
  .join('\n');

/** An applied test cluster: its config directory, storage root and store. */
export interface AppliedCluster {
  readonly configDir: string;
  readonly root: string;
  readonly store: ClusterStore;
}

/** What a test cluster declares. */
export interface ClusterOptions {
  /** Omit every graph: the ledger is created but holds none. */
  readonly empty?: boolean;
}

/**
 * A config directory for graphs `people` (three stored queries, seeded with three people) and
 * `notes`, with a bundle bound to both and a server bundle, imported and applied at `root`.
 */
export async function appliedCluster(
  root: string,
  options: ClusterOptions = {},
): Promise<AppliedCluster> {
  const configDir = await freshTempDir('boot-config');
  const graphs = options.empty
    ? 'graphs: {}\n'
    : `graphs:
  people: { schema: people.pg, queries: queries/ }
  notes: { schema: notes.pg }
policies:
  team: { file: team.policy.yaml, applies_to: [people, notes] }
  server: { file: server.policy.yaml, applies_to: [cluster] }
`;
  const files: Record<string, string> = {
    'cluster.yaml': `version: 1\nstorage: ${root}\n${graphs}`,
    'people.pg': PEOPLE_PG,
    'notes.pg': NOTES_PG,
    'queries/people.gq': PEOPLE_GQ,
    'team.policy.yaml': TEAM_POLICY,
    'server.policy.yaml': SERVER_POLICY,
  };
  await writeConfigFiles(configDir, files);
  const settings = testSettings();
  expect((await importCluster({ configDir, settings })).ok).toBe(true);
  if (!options.empty) {
    const applied = await applyCluster({ configDir, settings, actor: 'test' });
    expect(applied.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  }
  const store = openClusterStore(root, { s3: settings.s3 });
  if (!options.empty) {
    const graph = await Omnigraph.open(store.graphUri('people'), { settings });
    await graph.load({ data: SEED, mode: 'merge' });
    await graph.close();
  }
  return { configDir, root, store };
}

/** A running `omnigraph-server` child process. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Calls the server as `act-admin`. */
  call(method: string, route: string, json?: unknown): Promise<Response>;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** How `omnigraph-server` ended before it listened. */
export interface ServerExit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Spawns `omnigraph-server` from source with `args`; the test environment plus `env`. */
function spawnServer(
  args: readonly string[],
  env: Record<string, string>,
  cwd: string,
): ChildProcess {
  return spawn(process.execPath, ['--import', import.meta.resolve('tsx'), SERVER_CLI, ...args], {
    cwd,
    env: { ...process.env, LANCEDB_LOG: 'error', OMNIGRAPH_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Runs `omnigraph-server` until it prints its listen address (resolving with the running
 * server) or exits first (resolving with how it ended).
 */
export function startServer(
  args: readonly string[],
  options: { readonly env?: Record<string, string>; readonly cwd?: string } = {},
): Promise<ServerProcess | ServerExit> {
  const child = spawnServer(
    ['--bind', '127.0.0.1:0', ...args],
    options.env ?? {},
    options.cwd ?? ROOT,
  );
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      resolve(code);
    }),
  );
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const address = /OMNIGRAPH_LISTEN_ADDR=(\S+)/.exec(stdout)?.[1];
      if (address === undefined) return;
      const url = `http://${address}`;
      resolve({
        child,
        url,
        stderr: () => stderr,
        call: (method, route, json) => callAsAdmin(url, method, route, json),
        stop: async (signal = 'SIGTERM') => {
          child.kill(signal);
          return exited;
        },
      });
    });
    void exited.then((code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

/** A server that must have started. */
export async function runningServer(
  args: readonly string[],
  options: { readonly env?: Record<string, string>; readonly cwd?: string } = {},
): Promise<ServerProcess> {
  const started = await startServer(args, options);
  if (!('url' in started)) {
    throw new Error(`omnigraph-server exited ${started.code}:\n${started.stderr}`);
  }
  return started;
}

/** A server that must have refused to start. */
export async function refusedServer(
  args: readonly string[],
  options: { readonly env?: Record<string, string>; readonly cwd?: string } = {},
): Promise<ServerExit> {
  const started = await startServer(args, options);
  if ('url' in started) {
    await started.stop();
    throw new Error(`omnigraph-server started:\n${started.stderr()}`);
  }
  return started;
}

/** A request as `act-admin`. */
export function callAsAdmin(
  url: string,
  method: string,
  route: string,
  json?: unknown,
): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${ADMIN_TOKEN}` };
  if (json !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${url}${route}`, {
    method,
    headers,
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
}

/** The JSON body of a response, after checking its status. */
export async function jsonOf(response: Response, status: number): Promise<Record<string, unknown>> {
  const text = await response.text();
  if (response.status !== status)
    throw new Error(`expected ${status}, got ${response.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Overwrites one stored object of the cluster (a catalog payload, a sidecar). */
export async function putRaw(store: ClusterStore, key: string, text: string): Promise<void> {
  await store.objects.put(key, new TextEncoder().encode(text));
}

/** Reads a config file of the cluster. */
export function configFile(cluster: AppliedCluster, name: string): Promise<string> {
  return readFile(path.join(cluster.configDir, name), 'utf8');
}

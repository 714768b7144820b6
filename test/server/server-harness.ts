import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pino } from 'pino';
import type { FastifyInstance } from 'fastify';
import { Omnigraph } from '../../src/engine/index.js';
import { loadPolicy, type Policy } from '../../src/policy/index.js';
import {
  compileStoredQuery,
  createGraphRegistry,
  createServer,
  loadAuthConfig,
  policyDecisionLogger,
  type AuthSettings,
  type ServedGraph,
  type ServerLimits,
  type StoredQuery,
} from '../../src/server/index.js';
import { freshTempDir } from '../helpers/temp-dir.js';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures');

/** The fixture schema, data and queries. */
export const TEST_PG = await readFile(path.join(FIXTURES, 'test.pg'), 'utf8');
export const TEST_JSONL = await readFile(path.join(FIXTURES, 'test.jsonl'), 'utf8');
export const TEST_GQ = await readFile(path.join(FIXTURES, 'test.gq'), 'utf8');

/** Stored queries every test graph registers: a read and a mutation. */
export const STORED_SOURCE = `
query get_person($name: String) {
    match { $p: Person { name: $name } }
    return { $p.name, $p.age }
}
query add_person($name: String, $age: I32?) {
    insert Person { name: $name, age: $age }
}
`;

/** A policy: admins may do everything; readers only read `main`; `graph_list` for admins. */
export const TEAM_POLICY = `
version: 1
groups:
  admins: [act-admin]
  readers: [act-reader]
protected_branches: [main]
rules:
  - id: admins-all
    allow:
      actors: { group: admins }
      actions: [read, export, change, branch_create, branch_delete, branch_merge, invoke_query, schema_apply]
  - id: admins-list
    allow:
      actors: { group: admins }
      actions: [graph_list]
  - id: readers-read
    allow:
      actors: { group: readers }
      actions: [read]
      branch_scope: protected
`;

/** A graph to serve: its id, and the policy text to open it with (none: no bundle). */
export interface GraphSpec {
  readonly id: string;
  readonly policy?: string;
}

/** What a test server is made of. */
export interface HarnessOptions {
  readonly graphs: readonly GraphSpec[];
  readonly auth?: AuthSettings;
  readonly serverPolicy?: string;
  readonly limits?: Partial<ServerLimits>;
  /** Called with the app before it listens (to add test hooks). */
  readonly beforeListen?: (app: FastifyInstance) => void;
}

/** A listening server and what tests look at. */
export interface Harness {
  readonly app: FastifyInstance;
  readonly url: string;
  /** Every log line, parsed. */
  readonly logs: Record<string, unknown>[];
  /** The log lines as written. */
  readonly rawLogs: string[];
  call(method: string, route: string, init?: CallInit): Promise<Response>;
  close(): Promise<void>;
}

/** One request: a JSON body (or raw text), a bearer token, headers. */
export interface CallInit {
  readonly json?: unknown;
  readonly body?: string | Uint8Array;
  readonly token?: string;
  readonly headers?: Record<string, string>;
}

const ADMIN_ACTOR = 'act-admin';

/** Creates a graph with the fixture schema and data, opened with `policy` when given. */
async function servedGraph(
  spec: GraphSpec,
  log: Parameters<typeof policyDecisionLogger>[0],
): Promise<ServedGraph> {
  const root = path.join(await freshTempDir(`server-${spec.id}`), 'graph');
  const policy: Policy | undefined =
    spec.policy === undefined
      ? undefined
      : await loadPolicy(spec.policy, 'team', { graphId: spec.id });
  const graph = await Omnigraph.init(root, TEST_PG, {
    ...(policy === undefined ? {} : { policy, onDecision: policyDecisionLogger(log, spec.id) }),
    settings: { writer: { lingerMs: 0 } },
  });
  await graph.load({ data: TEST_JSONL, mode: 'merge' }, { actor: ADMIN_ACTOR });
  const storedQueries = new Map<string, StoredQuery>(
    ['get_person', 'add_person'].map((name) => [
      name,
      compileStoredQuery({ name, source: STORED_SOURCE }, TEST_PG),
    ]),
  );
  return { id: spec.id, graph, storedQueries, ...(policy === undefined ? {} : { policy }) };
}

/** Starts a server on a free loopback port over fresh fixture graphs. */
export async function startServer(options: HarnessOptions): Promise<Harness> {
  const rawLogs: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void rawLogs.push(line) });
  const graphs = await Promise.all(options.graphs.map((spec) => servedGraph(spec, logger)));
  const serverPolicy =
    options.serverPolicy === undefined
      ? undefined
      : await loadPolicy(options.serverPolicy, 'cluster');
  const registry = createGraphRegistry({
    graphs,
    ...(serverPolicy === undefined ? {} : { serverPolicy }),
  });
  const auth = await loadAuthConfig(options.auth ?? { unauthenticated: true });
  const app = createServer({
    registry,
    auth,
    logger,
    ...(options.limits === undefined ? {} : { limits: options.limits }),
  });
  options.beforeListen?.(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    url,
    rawLogs,
    get logs() {
      return rawLogs.map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    call: (method, route, init = {}) => call(url, method, route, init),
    close: () => app.close(),
  };
}

async function call(url: string, method: string, route: string, init: CallInit): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
  let body: string | Uint8Array | undefined = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers['content-type'] ??= 'application/json';
  }
  return fetch(`${url}${route}`, { method, headers, ...(body === undefined ? {} : { body }) });
}

/** The JSON body of a response, after checking its status. */
export async function expectJson(
  response: Response,
  status: number,
): Promise<Record<string, unknown>> {
  const text = await response.text();
  if (response.status !== status)
    throw new Error(`expected ${status}, got ${response.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

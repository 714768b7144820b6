import { writeConfigFiles } from '../helpers/config-files.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyCluster, importCluster, openClusterStore } from '../../src/cluster/index.js';
import { runCli } from '../../src/cli/program.js';
import { Omnigraph } from '../../src/engine/index.js';
import { captureIo } from '../helpers/capture-io.js';
import { testSettings } from '../helpers/s3-env.js';
import { freshTempDir } from '../helpers/temp-dir.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURES = path.join(ROOT, 'test/fixtures');

/** The actor both arms act as: `--as` locally, the bearer token's remotely. */
export const ACTOR = 'act-admin';
/** The token of {@link ACTOR}. */
export const TOKEN = 'admin-token';
/** The graph id served. */
export const GRAPH = 'people';

/** A type of 64-bit integers (and a float JSON writes as a long integer), beside the fixture's. */
export const WIDE_PG = `
node Account {
    name: String @key
    balance: I64?
    units: U64?
    ledger: [I64]?
    ratio: F64?
}
`;

/** Accounts at the limits of their types: past 2^53, at I64 and U64 bounds, and small. */
export const WIDE_JSONL = [
  '{"type":"Account","data":{"name":"small","balance":42,"units":7,"ledger":[],"ratio":0.5}}',
  '{"type":"Account","data":{"name":"wide","balance":9223372036854775807,"units":18446744073709551615,"ledger":[-9223372036854775808,9007199254740993,1],"ratio":123456789012345680000}}',
].join('\n');

/** Stored queries of the served graph: a read and a mutation. */
export const STORED_GQ = `query get_person($name: String) {
    match { $p: Person { name: $name } }
    return { $p.name, $p.age }
}

query add_person($name: String, $age: I32?) {
    insert Person { name: $name, age: $age }
}
`;

/** The Cedar bundle both arms enforce: admins do everything on the graph. */
export const TEAM_POLICY = `version: 1
groups:
  admins: [${ACTOR}]
rules:
  - id: admins-all
    allow:
      actors: { group: admins }
      actions: [read, export, change, branch_create, branch_delete, branch_merge, invoke_query, schema_apply]
`;

const SERVER_POLICY = `version: 1
groups:
  admins: [${ACTOR}]
rules:
  - id: admins-list
    allow:
      actors: { group: admins }
      actions: [graph_list]
`;

/** A served graph and its twin: the same fixture, one behind a server, one on local storage. */
export interface ServedFixture {
  /** The server's base URL. */
  readonly url: string;
  /** The served graph's storage root. */
  readonly servedRoot: string;
  /** The twin copy's root (same schema, data and history at the start). */
  readonly twinRoot: string;
  /** The policy bundle file the local arm passes with `--policy`. */
  readonly policyFile: string;
  /** A scratch directory for data files. */
  readonly dir: string;
  stop(): Promise<void>;
}

/**
 * Applies a one-graph cluster (the fixture schema and data with {@link WIDE_PG} and
 * {@link WIDE_JSONL}, {@link TEAM_POLICY}), copies the graph to a twin, and serves the cluster
 * with `omnigraph-server --cluster` on a free port.
 */
export async function servedFixture(): Promise<ServedFixture> {
  const dir = await freshTempDir('client');
  const configDir = path.join(dir, 'config');
  const root = path.join(dir, 'storage');
  const files: Record<string, string> = {
    'cluster.yaml': `version: 1
storage: ${root}
graphs:
  ${GRAPH}: { schema: people.pg, queries: queries/ }
policies:
  team: { file: team.policy.yaml, applies_to: [${GRAPH}] }
  server: { file: server.policy.yaml, applies_to: [cluster] }
`,
    'people.pg': (await readFile(path.join(FIXTURES, 'test.pg'), 'utf8')) + WIDE_PG,
    'queries/people.gq': STORED_GQ,
    'team.policy.yaml': TEAM_POLICY,
    'server.policy.yaml': SERVER_POLICY,
  };
  await writeConfigFiles(configDir, files);
  const settings = testSettings();
  await importCluster({ configDir, settings });
  await applyCluster({ configDir, settings, actor: 'test' });
  const servedRoot = openClusterStore(root, { s3: settings.s3 }).graphUri(GRAPH);
  const graph = await Omnigraph.open(servedRoot, { settings });
  const data = await readFile(path.join(FIXTURES, 'test.jsonl'), 'utf8');
  await graph.load({ data: `${data.trimEnd()}\n${WIDE_JSONL}\n`, mode: 'merge' }, { actor: ACTOR });
  await graph.close();
  // Copied before the server opens it, so that the twin starts byte-identical.
  const twinRoot = path.join(dir, 'twin.omni');
  await cp(fileURLToPath(servedRoot), twinRoot, { recursive: true });
  const policyFile = path.join(configDir, 'team.policy.yaml');
  const { child, url } = await startServer(configDir);
  return {
    url,
    servedRoot,
    twinRoot,
    policyFile,
    dir,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function startServer(configDir: string): Promise<{ child: ChildProcess; url: string }> {
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
    ],
    {
      env: {
        ...process.env,
        LANCEDB_LOG: 'error',
        OMNIGRAPH_LOG_LEVEL: 'warn',
        OMNIGRAPH_SERVER_BEARER_TOKENS_JSON: JSON.stringify({ [ACTOR]: TOKEN }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const address = /OMNIGRAPH_LISTEN_ADDR=(\S+)/.exec(stdout)?.[1];
      if (address !== undefined) resolve({ child, url: `http://${address}` });
    });
    child.once('exit', (code) => {
      reject(new Error(`omnigraph-server exited ${code}:\n${stderr}`));
    });
  });
}

/** How one CLI run ended. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/**
 * Runs `omnigraph` in process with `argv`, in `cwd`, with no token in the environment and an
 * empty operator home (`env` adds to the environment).
 */
export async function cli(
  argv: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string>> = {},
): Promise<CliRun> {
  const io = captureIo(cwd, [], {
    ...process.env,
    OMNIGRAPH_BEARER_TOKEN: undefined,
    OMNIGRAPH_PROFILE: undefined,
    OMNIGRAPH_HOME: path.join(cwd, '.operator-home'),
    ...env,
  });
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
}

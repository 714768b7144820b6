import { runCli } from '../../../src/cli/program.js';
import { captureIo } from '../../helpers/capture-io.js';
import {
  PEOPLE_GQ,
  PEOPLE_PG,
  SERVER_POLICY,
  TEAM_POLICY,
  writeClusterDir,
} from '../config/cluster-dir.js';

/** What one in-process run of the CLI printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `omnigraph <args>` in-process, the way the binary does, with this environment. */
export async function omnigraph(...args: string[]): Promise<CliRun> {
  const io = captureIo();
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** Runs `omnigraph <args> --json` and parses stdout as the shape `T` the caller expects. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- T names the expected JSON shape
export async function omnigraphJson<T>(...args: string[]): Promise<{ code: number; json: T }> {
  const run = await omnigraph(...args, '--json');
  return { code: run.code, json: JSON.parse(run.out) as T };
}

/** A diagnostic as outputs carry it. */
export interface WireDiagnostic {
  readonly code: string;
  readonly severity: string;
  readonly path: string;
  readonly message: string;
}

/** The codes of `diagnostics`, in order. */
export const codesOf = (output: { diagnostics: readonly WireDiagnostic[] }): string[] =>
  output.diagnostics.map((d) => d.code);

/** cluster.yaml of a cluster of two graphs stored under `./store` of its config directory. */
export const TWO_GRAPHS_YAML = `version: 1
metadata: { name: cli-test }
storage: ./store
graphs:
  people:
    schema: people.pg
    queries: queries/
  scratch:
    schema: people.pg
policies:
  base: { file: base.policy.yaml, applies_to: [people] }
  server: { file: server.policy.yaml, applies_to: [cluster] }
`;

/** The same cluster without the `scratch` graph (its delete needs an approval). */
export const ONE_GRAPH_YAML = TWO_GRAPHS_YAML.replace('  scratch:\n    schema: people.pg\n', '');

/** A fresh config directory of {@link TWO_GRAPHS_YAML} (or `yaml`) and its files. */
export function writeCluster(yaml = TWO_GRAPHS_YAML): Promise<string> {
  return writeClusterDir({
    'cluster.yaml': yaml,
    'people.pg': PEOPLE_PG,
    'queries/people.gq': PEOPLE_GQ,
    'base.policy.yaml': TEAM_POLICY,
    'server.policy.yaml': SERVER_POLICY,
  });
}

/** Imports and applies the cluster of `dir`, failing loudly if either does not succeed. */
export async function importAndApply(dir: string): Promise<void> {
  for (const args of [['import'], ['apply', '--as', 'act-andrew']]) {
    const run = await omnigraph('cluster', ...args, '--config', dir);
    if (run.code !== 0) throw new Error(`cluster ${args[0]} failed:\n${run.out}${run.err}`);
  }
}

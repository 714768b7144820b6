import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { pino } from 'pino';
import { settingsFromEnv, type OmnigraphSettings } from '../../api/index.js';
import {
  applyCluster,
  importCluster,
  openConfiguredStore,
  readState,
  type Diagnostic,
} from '../../cluster/index.js';
import { Omnigraph } from '../../engine/index.js';
import { bootCluster, createServer, loadAuthConfig } from '../../server/index.js';
import { OmniError } from '../../util/omni-error.js';
import {
  DEFAULT_BIND,
  formatBindAddress,
  parseBindAddress,
  type BindAddress,
} from '../bind-address.js';
import type { CliContext } from '../cli-context.js';
import { diagnosticLines } from '../cluster/diagnostic-lines.js';
import { printLines } from '../output.js';
import { serveUntilSignal } from '../serve-until-signal.js';

/** The demo cluster shipped in the repository, copied to the demo directory on first run. */
const EXAMPLE_DIR = fileURLToPath(new URL('../../../examples/demo-cluster', import.meta.url));
/** The graph the example declares, and the file its seed data is in. */
const DEMO_GRAPH = 'team';
const SEED_FILE = 'seed.jsonl';
/** The actor the development token maps to (the example's policies name it). */
const DEV_ACTOR = 'dev';
/** Where the development token is kept, so the printed commands keep working across runs. */
const TOKEN_FILE = 'dev-token';

/**
 * `omnigraph demo [dir]`: the main job of `npm start`. Creates (or reuses) the demo cluster in
 * `dir` (a copy of `examples/demo-cluster`), applies it, loads its seed into an empty graph, and
 * serves it with a development token until Ctrl-C.
 */
export function registerDemo(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('create or reuse a demo cluster on local disk, apply it and serve it (npm start)')
    .argument('[dir]', 'the demo cluster directory', '.omnigraph-demo')
    .option(
      '--bind <host:port>',
      `address to listen on (default $OMNIGRAPH_BIND or ${DEFAULT_BIND})`,
    )
    .action(async (dir: string, flags: { readonly bind?: string }) => {
      const { io } = ctx;
      const configDir = path.resolve(io.cwd, dir);
      const bind = parseBindAddress(flags.bind ?? io.env.OMNIGRAPH_BIND ?? DEFAULT_BIND);
      const settings = settingsFromEnv(io.env);
      const fresh = !existsSync(path.join(configDir, 'cluster.yaml'));
      if (fresh) await cp(EXAMPLE_DIR, configDir, { recursive: true });
      io.stderr(`${fresh ? 'created' : 'reusing'} the demo cluster in ${configDir}\n`);
      await applyDemo(configDir, settings);
      const seeded = await seedIfEmpty(configDir, settings);
      if (seeded > 0) io.stderr(`loaded ${seeded} entities from ${SEED_FILE}\n`);
      const token = await devToken(configDir);
      const logger = pino({ level: io.env.OMNIGRAPH_LOG_LEVEL ?? 'warn' });
      const booted = await bootCluster(configDir, { settings, env: io.env, decisionLog: logger });
      const auth = await loadAuthConfig({ tokensJson: JSON.stringify({ [DEV_ACTOR]: token }) });
      const app = createServer({ registry: booted.registry, auth, logger });
      await serveUntilSignal({
        app,
        bind,
        io,
        onListening: (bound) => {
          printLines(io, nextSteps(dir, bound, token));
        },
      });
    });
}

/** Creates the ledger when there is none, then applies the config (a no-op when converged). */
async function applyDemo(configDir: string, settings: OmnigraphSettings): Promise<void> {
  const { store, diagnostics } = await openConfiguredStore({ configDir, settings });
  if (store === undefined) throw failed('the demo cluster has no usable storage root', diagnostics);
  if ((await readState(store)).kind === 'absent') {
    const imported = await importCluster({ configDir, settings });
    if (!imported.ok) throw failed('cannot create the demo ledger', imported.diagnostics);
  }
  const applied = await applyCluster({ configDir, settings, actor: 'demo' });
  if (!applied.ok) throw failed('cannot apply the demo cluster', applied.diagnostics);
}

/** Loads the seed into the demo graph when it holds nothing yet; returns how many entities. */
async function seedIfEmpty(configDir: string, settings: OmnigraphSettings): Promise<number> {
  const { store } = await openConfiguredStore({ configDir, settings });
  if (store === undefined) return 0;
  const graph = await Omnigraph.open(store.graphUri(DEMO_GRAPH), { settings });
  try {
    const snapshot = await graph.snapshot();
    if (snapshot.datasets.some((dataset) => dataset.entity_count > 0)) return 0;
    const load = await graph.load(
      { data: { path: path.join(configDir, SEED_FILE) }, mode: 'merge' },
      { actor: 'demo' },
    );
    return load.total_entities;
  } finally {
    await graph.close();
  }
}

/** The development token of this demo directory: made once, then reused. */
async function devToken(configDir: string): Promise<string> {
  const file = path.join(configDir, TOKEN_FILE);
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const token = `dev-${randomBytes(18).toString('base64url')}`;
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  return token;
}

function nextSteps(dir: string, bound: BindAddress, token: string): string[] {
  const base = `http://${formatBindAddress(bound)}`;
  const auth = `-H 'Authorization: Bearer ${token}'`;
  const json = `${auth} -H 'Content-Type: application/json'`;
  return [
    '',
    `Serving the demo cluster at ${base} (actor '${DEV_ACTOR}', token in ${path.join(dir, TOKEN_FILE)}).`,
    '',
    'Try:',
    `  curl -s ${base}/graphs ${auth}`,
    `  curl -s -X POST ${base}/graphs/${DEMO_GRAPH}/queries/projects_of ${json} -d '{"params":{"name":"Grace"}}'`,
    `  curl -s -X POST ${base}/graphs/${DEMO_GRAPH}/query ${json} -d '{"query":"query people() { match { $p: Person } return { $p.name, $p.role } }"}'`,
    '',
    `Edit ${path.join(dir, 'cluster.yaml')} (or its queries and policies) and run npm start again to apply.`,
    'Docs: docs/guide/server.md. Ctrl-C stops the server.',
  ];
}

function failed(what: string, diagnostics: readonly Diagnostic[]): OmniError {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  return new OmniError('configuration', [`${what}:`, ...diagnosticLines(errors)].join('\n'));
}

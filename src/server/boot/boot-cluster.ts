import type { Env } from '../../api/settings-from-env.js';
import type { SettingsInput } from '../../api/settings.js';
import {
  errorAt,
  STATE_KEY,
  type ClusterState,
  type ClusterStore,
  type Diagnostic,
} from '../../cluster/index.js';
import { policyDecisionLogger, type DecisionLog } from '../decision-log.js';
import { createGraphRegistry, type GraphRegistry, type ServedGraph } from '../graph-registry.js';
import { ClusterBootError } from './boot-failure.js';
import { openBootStore } from './boot-source.js';
import { compileBoundPolicies, type BoundPolicies } from './bound-policies.js';
import { readAppliedState } from './applied-state.js';
import { readCatalogTexts } from './catalog-texts.js';
import { graphEmbedding } from './graph-embedding.js';
import { mapLimited } from './map-limited.js';
import { openServedGraph, type GraphOpening, type OpenedGraph } from './open-served-graph.js';
import { readRecoveryGate } from './recovery-gate.js';
import { servingPlan, type PlannedGraph } from './serving-plan.js';

/** Options of {@link bootCluster}. */
export interface BootOptions {
  /** Engine and S3 settings every graph is opened with (the process's, from its environment). */
  readonly settings?: SettingsInput;
  /** Where a relative config directory resolves; the process's by default. */
  readonly cwd?: string;
  /** Where embedding providers' `${VAR}` API keys are read from; none are found without it. */
  readonly env?: Env;
  /** Any quarantined graph refuses the boot (`--require-all-graphs`). */
  readonly requireAllGraphs?: boolean;
  /** Where the engines' policy decisions are logged (the server's logger). */
  readonly decisionLog?: DecisionLog;
  /** How many graphs open at once. Default 4. */
  readonly openConcurrency?: number;
}

/** A booted cluster: the graphs to serve, and what the boot found on the way. */
export interface BootedCluster {
  readonly registry: GraphRegistry;
  /** Warnings only (quarantined graphs, deprecated settings): errors refuse the boot. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Opens what a cluster has **applied** for serving. `source` is a config directory (its
 * `cluster.yaml` read only for `storage`) or a storage-root URI (anything with `://`, read
 * config-free: the ledger names every query and policy by digest in the root's catalog). Reads
 * take no lock and sweep nothing; every catalog payload is re-hashed.
 *
 * Cluster-global problems refuse the boot with a {@link ClusterBootError}: no ledger, an
 * unusable one, unattributable or unreadable recovery sidecars, missing or damaged payloads,
 * inconsistent policy bindings or providers, no graphs, or no healthy graph. Graph-local ones
 * quarantine that graph (absent from the registry): a pending recovery sidecar, a root that does
 * not open, a stored query that no longer compiles against the live schema, a missing provider
 * key. `requireAllGraphs` makes any quarantine refuse the boot.
 *
 * @example
 * const { registry, diagnostics } = await bootCluster('s3://bucket/clusters/brain', { settings });
 * const app = createServer({ registry, auth });
 */
export async function bootCluster(
  source: string,
  options: BootOptions = {},
): Promise<BootedCluster> {
  const found = await openBootStore(source, options);
  const diagnostics: Diagnostic[] = [...found.diagnostics];
  refuseOnErrors(diagnostics);
  const { store } = found;
  if (store === undefined) throw new ClusterBootError(diagnostics);
  const applied = await readAppliedState(store);
  if (applied.kind === 'failed') throw new ClusterBootError([...diagnostics, applied.diagnostic]);
  const { state } = applied;
  const plan = servingPlan(state);
  const [gate, catalog] = await Promise.all([
    readRecoveryGate(store),
    readCatalogTexts(store, state),
  ]);
  diagnostics.push(...plan.diagnostics, ...gate.diagnostics, ...catalog.diagnostics);
  if (plan.graphs.length === 0) {
    const message = `the applied revision at ${store.uri} holds no graphs; declare one in cluster.yaml and run \`omnigraph cluster apply\``;
    diagnostics.push(errorAt('cluster_empty', STATE_KEY, message));
  }
  refuseOnErrors(diagnostics);
  const policies = await compileBoundPolicies(plan, catalog.texts);
  diagnostics.push(...policies.diagnostics);
  refuseOnErrors(diagnostics);
  const context: OpeningContext = { store, state, policies, texts: catalog.texts, options };
  const openings = plan.graphs.map(
    (graph) => gate.quarantined.get(graph.id) ?? graphOpening(graph, context),
  );
  const served = new Set(plan.graphs.map((graph) => graph.id));
  // A sidecar of a graph the revision does not hold (an interrupted create) blocks nothing here.
  for (const [id, pending] of gate.quarantined) if (!served.has(id)) diagnostics.push(pending);
  refuseOnErrors([...diagnostics, ...openings.filter(isDiagnostic)]);
  const opened = await mapLimited(openings, options.openConcurrency ?? 4, (opening) =>
    isDiagnostic(opening)
      ? Promise.resolve({ kind: 'quarantined', diagnostic: opening } as const)
      : openServedGraph(opening),
  );
  return settle(opened, diagnostics, policies, options.requireAllGraphs === true, store);
}

interface OpeningContext {
  readonly store: ClusterStore;
  readonly state: ClusterState;
  readonly policies: BoundPolicies;
  readonly texts: ReadonlyMap<string, string>;
  readonly options: BootOptions;
}

/** How to open `graph`, or the diagnostic that keeps it from being opened. */
function graphOpening(graph: PlannedGraph, ctx: OpeningContext): GraphOpening | Diagnostic {
  const { options } = ctx;
  const embedding = graphEmbedding(ctx.state, graph, options.env ?? {});
  if (embedding.kind === 'fatal' || embedding.kind === 'quarantine') return embedding.diagnostic;
  const settings: SettingsInput | undefined =
    embedding.kind === 'resolved'
      ? {
          ...options.settings,
          embedding: { ...options.settings?.embedding, ...embedding.embedding },
        }
      : options.settings;
  const policy = ctx.policies.graphs.get(graph.id);
  const queries = new Map(
    graph.queries.map(({ name }) => [name, ctx.texts.get(`query.${graph.id}.${name}`) ?? '']),
  );
  return {
    id: graph.id,
    uri: ctx.store.graphUri(graph.id),
    queries,
    ...(policy === undefined ? {} : { policy }),
    ...(policy === undefined || options.decisionLog === undefined
      ? {}
      : { onDecision: policyDecisionLogger(options.decisionLog, graph.id) }),
    ...(settings === undefined ? {} : { settings }),
  };
}

/** Builds the registry from what opened, or refuses the boot (closing what opened). */
async function settle(
  opened: readonly OpenedGraph[],
  diagnostics: Diagnostic[],
  policies: BoundPolicies,
  requireAll: boolean,
  store: ClusterStore,
): Promise<BootedCluster> {
  const graphs: ServedGraph[] = [];
  for (const outcome of opened) {
    if (outcome.kind === 'served') graphs.push(outcome.served);
    else
      diagnostics.push(
        requireAll ? { ...outcome.diagnostic, severity: 'error' } : outcome.diagnostic,
      );
  }
  if (graphs.length === 0) {
    const message = `every graph of the cluster at ${store.uri} is quarantined; nothing to serve`;
    diagnostics.push(errorAt('cluster_no_healthy_graphs', STATE_KEY, message));
  }
  if (diagnostics.some((d) => d.severity === 'error')) {
    await Promise.allSettled(graphs.map((served) => served.graph.close()));
    throw new ClusterBootError(diagnostics);
  }
  const registry = createGraphRegistry({
    graphs,
    ...(policies.server === undefined ? {} : { serverPolicy: policies.server }),
  });
  return { registry, diagnostics };
}

function refuseOnErrors(diagnostics: readonly Diagnostic[]): void {
  if (diagnostics.some((d) => d.severity === 'error')) throw new ClusterBootError(diagnostics);
}

function isDiagnostic(value: object): value is Diagnostic {
  return 'severity' in value;
}

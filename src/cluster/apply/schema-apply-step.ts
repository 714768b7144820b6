import { messageOf } from '../../util/omni-error.js';
import type { DesiredGraph } from '../config/desired-cluster.js';
import { errorAt } from '../diagnostic.js';
import { withGraph } from '../observe/open-graph.js';
import type { MigrationPreview, PlanChange } from '../plan/plan-output.js';
import { graphAddress, schemaAddress } from '../resources/resource-address.js';
import { isClusterError } from '../state/cluster-error.js';
import { appliedChanges, armSidecar, failChange, type ApplyRun } from './apply-run.js';

/**
 * Migrates every graph whose schema the plan updates (a schema create without its graph's
 * create is one too): the engine previews the migration first, so an unsupported one fails
 * without leaving a sidecar; then sidecar, then the schema apply. Soft drops only.
 */
export async function applySchemas(run: ApplyRun): Promise<void> {
  const updates = appliedChanges(run, (c) => {
    if (!c.resource.startsWith('schema.') || c.operation === 'delete') return false;
    const graph = run.changes.get(graphAddress(c.resource.slice('schema.'.length)));
    return !(c.operation === 'create' && graph?.operation === 'create');
  });
  for (const change of updates) {
    const graph = run.desired.graphs.get(change.resource.slice('schema.'.length));
    if (graph !== undefined) await applySchema(run, change, graph);
  }
}

type Outcome =
  | {
      readonly kind: 'applied';
      readonly operationId: string;
      readonly version: number;
      readonly migration: MigrationPreview;
    }
  | { readonly kind: 'failed'; readonly message: string; readonly migration?: MigrationPreview };

async function applySchema(run: ApplyRun, planned: PlanChange, graph: DesiredGraph): Promise<void> {
  let change = planned;
  let outcome: Outcome;
  try {
    outcome = await withGraph(run.store.graphUri(graph.id), 'read-write', run.settings, (g) =>
      migrate(run, g, graph),
    );
  } catch (error) {
    if (isClusterError(error)) run.diagnostics.push(error.diagnostic);
    outcome = { kind: 'failed', message: messageOf(error) };
  }
  if (outcome.migration !== undefined) {
    run.changes.set(change.resource, { ...change, migration: outcome.migration });
    change = { ...change, migration: outcome.migration };
  }
  if (outcome.kind === 'failed') {
    run.diagnostics.push(
      errorAt(
        'schema_apply_failed',
        change.resource,
        `cannot migrate ${graphAddress(graph.id)} to ${graph.schema.file}: ${outcome.message}`,
      ),
    );
    failChange(run, change, 'schema_apply_failed');
    run.draft.setStatus(change.resource, 'error', ['schema_apply_failed'], outcome.message);
    return;
  }
  run.draft.recordDesired(run.desired, schemaAddress(graph.id));
  noteObservation(run, graph, outcome.version);
  run.retire.push(outcome.operationId);
}

async function migrate(
  run: ApplyRun,
  g: Parameters<Parameters<typeof withGraph>[3]>[0],
  graph: DesiredGraph,
): Promise<Outcome> {
  const request = { schema_source: graph.schema.source };
  const options = {
    sourceFile: graph.schema.file,
    ...(run.actor === undefined ? {} : { actor: run.actor }),
  };
  const preview = await g.planSchema(request, options);
  const migration = { supported: preview.supported, steps: preview.steps };
  if (!preview.supported) {
    const unsupported = preview.steps.filter((step) => step.kind === 'unsupported');
    return {
      kind: 'failed',
      migration,
      message: `the migration is not supported: ${JSON.stringify(unsupported.length > 0 ? unsupported : preview.steps)}`,
    };
  }
  const operationId = await armSidecar(run, {
    kind: 'schema_apply',
    graphId: graph.id,
    desiredSchemaDigest: graph.schema.digest,
    observedManifestVersion: preview.graph_manifest_version,
  });
  run.failpoints.reach('cluster_apply.before_schema_apply');
  let applied;
  try {
    applied = await g.applySchema(request, options);
  } catch (error) {
    // The sidecar stays: the sweep decides from the live graph what the failed call moved.
    return { kind: 'failed', migration, message: messageOf(error) };
  }
  run.failpoints.reach('cluster_apply.after_schema_apply');
  return { kind: 'applied', operationId, version: applied.graph_manifest_version, migration };
}

/** Keeps a recorded observation of the graph truthful after migrating it. */
function noteObservation(run: ApplyRun, graph: DesiredGraph, version: number): void {
  const address = graphAddress(graph.id);
  const seen = run.draft.observations[address];
  if (seen?.kind !== 'graph') return;
  run.draft.observations[address] = {
    ...seen,
    observed_at: run.now().toISOString(),
    exists: true,
    graph_manifest_version: version,
    schema_digest: graph.schema.digest,
    desired_schema_digest: graph.schema.digest,
    schema_matches_desired: true,
  };
}

import { Omnigraph } from '../../engine/index.js';
import { messageOf } from '../../util/omni-error.js';
import { errorAt } from '../diagnostic.js';
import type { PlanChange } from '../plan/plan-output.js';
import { graphAddress, schemaAddress } from '../resources/resource-address.js';
import { isClusterError } from '../state/cluster-error.js';
import { appliedChanges, armSidecar, failChange, type ApplyRun } from './apply-run.js';

/**
 * Creates every graph the plan creates: sidecar first, then `Omnigraph.init` at the derived
 * root with the desired schema (which also applies `schema.<id>`). A failure leaves the sidecar
 * for the next sweep and blocks the graph's dependents.
 */
export async function createGraphs(run: ApplyRun): Promise<void> {
  const creates = appliedChanges(
    run,
    (c) => c.operation === 'create' && c.resource.startsWith('graph.'),
  );
  for (const change of creates) await createGraph(run, change);
}

async function createGraph(run: ApplyRun, change: PlanChange): Promise<void> {
  const id = change.resource.slice('graph.'.length);
  const graph = run.desired.graphs.get(id);
  if (graph === undefined) return;
  let operationId: string;
  try {
    operationId = await armSidecar(run, {
      kind: 'graph_create',
      graphId: id,
      desiredSchemaDigest: graph.schema.digest,
    });
  } catch (error) {
    if (!isClusterError(error)) throw error;
    run.diagnostics.push(error.diagnostic);
    failChange(run, change, 'graph_create_failed');
    return;
  }
  run.failpoints.reach('cluster_apply.before_graph_create');
  try {
    const created = await Omnigraph.init(run.store.graphUri(id), graph.schema.source, {
      ...(run.settings === undefined ? {} : { settings: run.settings }),
      ...(run.actor === undefined ? {} : { actor: run.actor }),
      schemaFile: graph.schema.file,
    });
    await created.close();
  } catch (error) {
    run.diagnostics.push(
      errorAt(
        'graph_create_failed',
        change.resource,
        `cannot create ${change.resource} at ${run.store.graphUri(id)}: ${messageOf(error)}`,
      ),
    );
    failChange(run, change, 'graph_create_failed');
    run.draft.setStatus(change.resource, 'error', ['graph_create_failed'], messageOf(error));
    return;
  }
  run.failpoints.reach('cluster_apply.after_graph_create');
  run.draft.recordDesired(run.desired, schemaAddress(id));
  // A graph created again after a delete is no longer a tombstone.
  Reflect.deleteProperty(run.draft.observations, graphAddress(id));
  run.retire.push(operationId);
}

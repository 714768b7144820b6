import { messageOf } from '../../util/omni-error.js';
import { errorAt } from '../diagnostic.js';
import type { PlanChange } from '../plan/plan-output.js';
import { schemaAddress } from '../resources/resource-address.js';
import { isClusterError } from '../state/cluster-error.js';
import { appliedChanges, armSidecar, failChange, type ApplyRun } from './apply-run.js';
import { consumeApproval } from './consume-approval.js';

/**
 * The deletes, last in a run: catalog entries no longer declared leave the ledger (their
 * payloads stay, inert); then each approved graph delete removes the graph root (sidecar
 * first), consumes its approval and tombstones the graph with its schema and queries.
 */
export async function runDeletes(run: ApplyRun): Promise<void> {
  const deletes = appliedChanges(run, (c) => c.operation === 'delete');
  const graphs = new Set(
    deletes.filter((c) => c.resource.startsWith('graph.')).map((c) => c.resource.slice(6)),
  );
  for (const change of deletes) {
    if (!ridesGraphDelete(change.resource, graphs)) run.draft.forget(change.resource);
  }
  for (const change of deletes) {
    if (change.resource.startsWith('graph.')) await deleteGraph(run, change);
  }
}

function ridesGraphDelete(address: string, graphs: ReadonlySet<string>): boolean {
  const [kind, graph] = address.split('.');
  return (
    graph !== undefined &&
    (kind === 'graph' || kind === 'schema' || kind === 'query') &&
    graphs.has(graph)
  );
}

async function deleteGraph(run: ApplyRun, change: PlanChange): Promise<void> {
  const id = change.resource.slice('graph.'.length);
  const approval = run.plan.approvedDeletes.get(id);
  if (approval === undefined) {
    run.diagnostics.push(
      errorAt(
        'apply_approval_invariant_violation',
        change.resource,
        `${change.resource} was planned as approved but no approval is at hand; nothing was deleted`,
      ),
    );
    failChange(run, change, 'graph_delete_failed');
    return;
  }
  let operationId: string;
  try {
    operationId = await armSidecar(run, {
      kind: 'graph_delete',
      graphId: id,
      desiredSchemaDigest: run.draft.resources[schemaAddress(id)]?.digest ?? '',
      approvalId: approval.id,
    });
    run.failpoints.reach('cluster_apply.before_graph_delete');
    await run.store.deleteGraphRoot(id);
  } catch (error) {
    const message = isClusterError(error) ? error.diagnostic.message : messageOf(error);
    run.diagnostics.push(
      errorAt(
        'graph_delete_failed',
        change.resource,
        `cannot delete ${change.resource}: ${message}`,
      ),
    );
    failChange(run, change, 'graph_delete_failed');
    run.draft.setStatus(change.resource, 'error', ['graph_delete_failed'], message);
    return;
  }
  run.failpoints.reach('cluster_apply.after_graph_delete');
  const at = run.now().toISOString();
  const problem = await consumeApproval(run, approval.id, run.runId, at);
  if (problem !== undefined) run.diagnostics.push(problem);
  run.draft.tombstone(id, { deletedAt: at, approvalId: approval.id, actor: run.actor });
  run.retire.push(operationId);
}

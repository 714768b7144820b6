import type { PlanChange } from '../plan/plan-output.js';
import {
  RESOURCE_CONDITIONS,
  type ResourceCondition,
  type ResourceStatusKind,
} from '../state/cluster-state.js';
import type { ApplyRun } from './apply-run.js';

const CONDITIONS: ReadonlySet<string> = new Set(RESOURCE_CONDITIONS);
const FAILURES: ReadonlySet<string> = new Set([
  'graph_create_failed',
  'schema_apply_failed',
  'graph_delete_failed',
  'resource_payload_write_error',
]);
// Statuses a later run settles by itself; drift and errors stay until refresh or a change.
const TRANSIENT: ReadonlySet<ResourceStatusKind> = new Set([
  'pending',
  'planned',
  'applying',
  'blocked',
]);

/**
 * Sets the status of every desired or changed resource after the steps ran: applied, blocked
 * with its reason as condition, error for a failed operation (kept as the step wrote it),
 * pending for deferred changes and for a graph whose composite has not converged.
 */
export function settleStatuses(run: ApplyRun): void {
  const { draft } = run;
  for (const change of run.changes.values()) settle(run, change);
  for (const { address } of run.desired.resources.resources) {
    if (run.changes.has(address) || draft.resources[address] === undefined) continue;
    const current = draft.statuses[address];
    if (current === undefined || TRANSIENT.has(current.status)) draft.setStatus(address, 'applied');
  }
}

function settle(run: ApplyRun, change: PlanChange): void {
  const { draft } = run;
  const address = change.resource;
  const current = draft.statuses[address];
  switch (change.disposition) {
    case 'applied':
      if (change.operation !== 'delete') draft.setStatus(address, 'applied');
      return;
    case 'derived': {
      const converged = draft.resources[address]?.digest === change.after_digest;
      if (converged) draft.setStatus(address, 'applied');
      else draft.setStatus(address, 'pending', ['dependency_not_applied']);
      return;
    }
    case 'deferred':
      draft.setStatus(address, 'pending', [], `apply does not ${change.operation} ${address}`);
      return;
    case 'blocked':
    case undefined: {
      const reason = change.reason;
      if (reason !== undefined && FAILURES.has(reason) && current?.status === 'error') return;
      // The sweep's finding about a graph says more than "recovery pending".
      if (
        reason === 'cluster_recovery_pending' &&
        current !== undefined &&
        !TRANSIENT.has(current.status)
      ) {
        return;
      }
      const conditions =
        reason !== undefined && CONDITIONS.has(reason) ? [reason as ResourceCondition] : [];
      draft.setStatus(address, FAILURES.has(reason ?? '') ? 'error' : 'blocked', conditions);
      return;
    }
  }
}

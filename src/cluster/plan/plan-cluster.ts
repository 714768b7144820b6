import type { ClusterCommandOptions } from '../command-options.js';
import { allPassed, type Diagnostic } from '../diagnostic.js';
import { pendingRecoveries } from '../recovery/pending-recoveries.js';
import { resourceDigests } from '../resources/resource-set.js';
import { emptyClusterState } from '../state/cluster-state.js';
import { readState } from '../state/state-ledger.js';
import type { LockRecord } from '../state/state-lock.js';
import { stateObservations, type StateObservations } from '../state/state-observations.js';
import {
  loadCommand,
  observeLedger,
  reportingClusterErrors,
  underLock,
  type CommandContext,
} from './command-context.js';
import { computePlan, type ComputedPlan } from './compute-plan.js';
import { loadApprovals } from './load-approvals.js';
import type { PlanOutput } from './plan-output.js';
import { previewMigrations } from './schema-preview.js';

/**
 * `omnigraph cluster plan`: validates the configuration, then diffs it against the ledger (a
 * missing ledger is empty: everything is a create) under the lock, which it takes and releases.
 * Schema updates embed the engine's migration steps; graph deletes list their approvals;
 * pending recovery sidecars are warned about. Changes nothing.
 *
 * @example
 * const plan = await planCluster({ configDir: 'company-brain' });
 * plan.changes.map((c) => `${c.operation} ${c.resource}`); // ['create graph.knowledge', …]
 */
export async function planCluster(options: ClusterCommandOptions): Promise<PlanOutput> {
  const loaded = await loadCommand(options);
  if (loaded.kind === 'failed') {
    return planOutput(options.configDir, { diagnostics: [...loaded.diagnostics] });
  }
  const diagnostics = [...loaded.diagnostics];
  const planned = await reportingClusterErrors(diagnostics, () =>
    underLock(loaded, 'plan', (lock) => planUnderLock(loaded, diagnostics, lock)),
  );
  return planOutput(options.configDir, {
    context: loaded,
    diagnostics,
    ...(planned ?? { observations: await observeLedger(loaded) }),
  });
}

async function planUnderLock(
  context: CommandContext,
  diagnostics: Diagnostic[],
  lock: LockRecord | undefined,
): Promise<{ plan: ComputedPlan; observations: StateObservations }> {
  const { store, desired } = context;
  const read = await readState(store);
  const state = read.kind === 'present' ? read.state : emptyClusterState();
  const pending = await pendingRecoveries(store);
  const approvals = await loadApprovals(store);
  const plan = computePlan({
    desired,
    state,
    pendingGraphs: pending.graphs,
    approvals: approvals.records,
  });
  const previewed = await previewMigrations(store, desired, plan.changes, context.settings);
  diagnostics.push(
    ...pending.diagnostics,
    ...approvals.diagnostics,
    ...plan.diagnostics,
    ...previewed.diagnostics,
  );
  const observations = stateObservations(store, {
    state: read,
    acquired: lock,
    now: context.now(),
  });
  return { plan: { ...plan, changes: previewed.changes }, observations };
}

function planOutput(
  configDir: string,
  parts: {
    context?: CommandContext;
    diagnostics: Diagnostic[];
    plan?: ComputedPlan;
    observations?: StateObservations;
  },
): PlanOutput {
  const desired = parts.context?.desired;
  return {
    ok: allPassed(parts.diagnostics),
    config_dir: configDir,
    desired_revision: desired === undefined ? {} : { config_digest: desired.configDigest },
    resource_digests: desired === undefined ? {} : resourceDigests(desired.resources),
    dependencies: desired?.resources.dependencies ?? [],
    ...(parts.observations === undefined ? {} : { state_observations: parts.observations }),
    changes: parts.plan?.changes ?? [],
    blast_radius: parts.plan?.blastRadius ?? [],
    approvals_required: parts.plan?.approvalsRequired ?? [],
    diagnostics: parts.diagnostics,
  };
}

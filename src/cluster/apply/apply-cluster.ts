import type { ClusterCommandOptions } from '../command-options.js';
import { allPassed, errorAt, warningAt, type Diagnostic } from '../diagnostic.js';
import {
  loadCommand,
  observeLedger,
  reportingClusterErrors,
  underLock,
  type CommandContext,
} from '../plan/command-context.js';
import { computePlan } from '../plan/compute-plan.js';
import { loadApprovals } from '../plan/load-approvals.js';
import type { PlanChange } from '../plan/plan-output.js';
import { sweepRecoveries } from '../recovery/recovery-sweep.js';
import { isClusterError } from '../state/cluster-error.js';
import { STATE_KEY } from '../state/cluster-keys.js';
import type { ClusterStore } from '../state/cluster-store.js';
import { deleteRecoverySidecar } from '../state/recovery-sidecar.js';
import { readState, writeState, type StateRead } from '../state/state-ledger.js';
import type { LockRecord } from '../state/state-lock.js';
import { stateObservations, type StateObservations } from '../state/state-observations.js';
import { newUlid } from '../../util/ulid.js';
import { ApplyFailpoints } from './apply-failpoints.js';
import type { ApplyOutput } from './apply-output.js';
import type { ApplyRun } from './apply-run.js';
import { writeCatalog } from './catalog-write-step.js';
import { runDeletes } from './delete-step.js';
import { createGraphs } from './graph-create-step.js';
import { LedgerDraft } from './ledger-draft.js';
import { settleStatuses } from './resource-statuses.js';
import { applySchemas } from './schema-apply-step.js';

/** Options of {@link applyCluster}. */
export type ApplyOptions = ClusterCommandOptions & {
  /** Who the run is attributed to (`--as`): sidecars, tombstones, engine commits. */
  readonly actor?: string;
};

/** What a run under the lock produced. */
interface ApplyResult {
  readonly observations: StateObservations;
  readonly changes: readonly PlanChange[];
  readonly converged: boolean;
  readonly stateWritten: boolean;
  readonly statuses: ApplyOutput['resource_statuses'];
}

/**
 * `omnigraph cluster apply`: under the lock, sweeps pending recovery sidecars, re-plans against
 * the ledger, and converges: graph creates, then schema migrations (soft drops only), then
 * catalog writes, then deletes (approved graph deletes last), and records the outcome with one
 * CAS-checked state write (none for a no-op). The config digest is recorded only when the run
 * fully converged. A ledger must exist (`state_missing`: run `import` first).
 *
 * @example
 * const applied = await applyCluster({ configDir: 'company-brain', actor: 'andrew' });
 * applied.converged; // true
 */
export async function applyCluster(options: ApplyOptions): Promise<ApplyOutput> {
  const loaded = await loadCommand(options);
  const base = {
    config_dir: options.configDir,
    ...(options.actor === undefined ? {} : { actor: options.actor }),
  };
  if (loaded.kind === 'failed') {
    return emptyOutput(base, {}, undefined, [...loaded.diagnostics]);
  }
  const diagnostics = [...loaded.diagnostics];
  const desiredRevision = { config_digest: loaded.desired.configDigest };
  const result = await reportingClusterErrors(diagnostics, () =>
    underLock(loaded, 'apply', (lock) => applyUnderLock(loaded, options.actor, diagnostics, lock)),
  );
  if (result === undefined) {
    return emptyOutput(base, desiredRevision, await observeLedger(loaded), diagnostics);
  }
  const changes = result.changes;
  return {
    ok: allPassed(diagnostics),
    ...base,
    desired_revision: desiredRevision,
    state_observations: result.observations,
    changes,
    applied_count: changes.filter((c) => c.disposition === 'applied').length,
    deferred_count: changes.filter(
      (c) => c.disposition === 'blocked' || c.disposition === 'deferred',
    ).length,
    converged: result.converged,
    state_written: result.stateWritten,
    resource_statuses: result.statuses,
    diagnostics,
  };
}

async function applyUnderLock(
  context: CommandContext,
  actor: string | undefined,
  diagnostics: Diagnostic[],
  lock: LockRecord | undefined,
): Promise<ApplyResult> {
  const { store, desired, now } = context;
  const read = await readState(store);
  const observe = (state: StateRead) =>
    stateObservations(store, { state, acquired: lock, now: now() });
  if (read.kind === 'absent') {
    diagnostics.push(
      errorAt(
        'state_missing',
        STATE_KEY,
        `no state ledger at ${store.displayPath(STATE_KEY)}; run \`omnigraph cluster import\` first`,
      ),
    );
    return {
      observations: observe(read),
      changes: [],
      converged: false,
      stateWritten: false,
      statuses: {},
    };
  }
  const draft = new LedgerDraft(read.state);
  const sweep = await sweepRecoveries({
    store,
    desired,
    draft,
    settings: context.settings,
    now,
    actor,
  });
  const approvals = await loadApprovals(store);
  const plan = computePlan({
    desired,
    state: draft.current(read.state.state_revision),
    pendingGraphs: sweep.pendingGraphs,
    approvals: approvals.records,
  });
  diagnostics.push(...sweep.diagnostics, ...approvals.diagnostics, ...plan.diagnostics);
  const run: ApplyRun = {
    store,
    desired,
    plan,
    draft,
    settings: context.settings,
    now,
    actor,
    runId: newUlid(now().getTime()),
    stateCas: read.cas,
    failpoints: new ApplyFailpoints(context.settings),
    changes: new Map(plan.changes.map((change) => [change.resource, change])),
    diagnostics,
    retire: [],
  };
  await createGraphs(run);
  await applySchemas(run);
  await writeCatalog(run);
  await runDeletes(run);
  for (const id of desired.graphs.keys()) draft.recomputeGraph(desired, id);
  settleStatuses(run);
  const changes = [...run.changes.values()];
  const converged = changes.every((change) => settled(run, change)) && allPassed(diagnostics);
  draft.configDigest = converged ? desired.configDigest : undefined;
  const written = await recordOutcome(run, read);
  await retireSidecars(
    store,
    written === undefined && !draft.sameAs(read.state) ? [] : [...sweep.retired, ...run.retire],
    diagnostics,
  );
  return {
    observations: observe(written ?? read),
    changes,
    converged,
    stateWritten: written !== undefined,
    statuses: draft.statuses,
  };
}

/** A change needs nothing more: applied, or a derived composite that has converged. */
function settled(run: ApplyRun, change: PlanChange): boolean {
  if (change.disposition === 'applied') return true;
  return (
    change.disposition === 'derived' &&
    run.draft.resources[change.resource]?.digest === change.after_digest
  );
}

/** The one state write of a run; `undefined` when nothing changed or the write failed. */
async function recordOutcome(run: ApplyRun, read: Extract<StateRead, { kind: 'present' }>) {
  if (run.draft.sameAs(read.state)) return undefined;
  run.failpoints.reach('cluster_apply.before_state_write');
  try {
    const written = await writeState(run.store, run.draft.toState(), read);
    run.failpoints.reach('cluster_apply.after_state_write');
    return written;
  } catch (error) {
    if (!isClusterError(error)) throw error;
    run.diagnostics.push(error.diagnostic);
    return undefined;
  }
}

/**
 * Removes the sidecars whose outcome the ledger now holds. A failure is a warning: the next
 * sweep finds the sidecar again and retires it (its outcome is recorded).
 */
export async function retireSidecars(
  store: ClusterStore,
  operationIds: readonly string[],
  diagnostics: Diagnostic[],
): Promise<void> {
  for (const operationId of operationIds) {
    try {
      await deleteRecoverySidecar(store, operationId);
    } catch (error) {
      if (!isClusterError(error)) throw error;
      const { code, path, message } = error.diagnostic;
      diagnostics.push(warningAt(code, path, message));
    }
  }
}

function emptyOutput(
  base: Pick<ApplyOutput, 'config_dir' | 'actor'>,
  desiredRevision: ApplyOutput['desired_revision'],
  observations: StateObservations | undefined,
  diagnostics: Diagnostic[],
): ApplyOutput {
  return {
    ok: allPassed(diagnostics),
    ...base,
    desired_revision: desiredRevision,
    ...(observations === undefined ? {} : { state_observations: observations }),
    changes: [],
    applied_count: 0,
    deferred_count: 0,
    converged: false,
    state_written: false,
    resource_statuses: {},
    diagnostics,
  };
}

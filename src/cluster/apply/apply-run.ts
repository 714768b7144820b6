import type { SettingsInput } from '../../api/settings.js';
import type { DesiredCluster } from '../config/desired-cluster.js';
import { warningAt, type Diagnostic } from '../diagnostic.js';
import { withVerdict } from '../plan/change-dispositions.js';
import type { ComputedPlan } from '../plan/compute-plan.js';
import type { ChangeReason, PlanChange } from '../plan/plan-output.js';
import { parseResourceAddress } from '../resources/resource-address.js';
import type { RecoveryKind } from '../state/cluster-state.js';
import type { ClusterStore } from '../state/cluster-store.js';
import { writeRecoverySidecar } from '../state/recovery-sidecar.js';
import { newUlid } from '../../util/ulid.js';
import type { ApplyFailpoints } from './apply-failpoints.js';
import type { LedgerDraft } from './ledger-draft.js';

/** Everything the steps of one apply run share. */
export interface ApplyRun {
  readonly store: ClusterStore;
  readonly desired: DesiredCluster;
  readonly plan: ComputedPlan;
  readonly draft: LedgerDraft;
  readonly settings: SettingsInput | undefined;
  readonly now: () => Date;
  readonly actor: string | undefined;
  /** This run's id: the `consumed_by_operation` of approvals it uses. */
  readonly runId: string;
  /** The ledger CAS the run started from (forensic, in sidecars). */
  readonly stateCas: string;
  readonly failpoints: ApplyFailpoints;
  /** The changes as they stand, by address; steps update their dispositions. */
  readonly changes: Map<string, PlanChange>;
  readonly diagnostics: Diagnostic[];
  /** Sidecars to remove once the state write has recorded their outcome. */
  readonly retire: string[];
}

/** The changes the plan decided to apply, with `filter`, in address order. */
export function appliedChanges(
  run: ApplyRun,
  filter: (change: PlanChange) => boolean,
): PlanChange[] {
  return [...run.changes.values()].filter(
    (change) => change.disposition === 'applied' && filter(change),
  );
}

/**
 * Marks `change` as failed with `reason` (an error diagnostic is the caller's) and demotes the
 * applied changes that need it to blocked `dependency_not_applied`, with a warning each.
 */
export function failChange(run: ApplyRun, change: PlanChange, reason: ChangeReason): void {
  run.changes.set(change.resource, withVerdict(change, { disposition: 'blocked', reason }));
  const parsed = parseResourceAddress(change.resource);
  if (parsed === undefined || !('graph' in parsed)) return;
  for (const dependent of run.changes.values()) {
    if (dependent.disposition !== 'applied' || !dependsOnGraph(run, dependent, parsed.graph)) {
      continue;
    }
    run.changes.set(
      dependent.resource,
      withVerdict(dependent, { disposition: 'blocked', reason: 'dependency_not_applied' }),
    );
    run.diagnostics.push(
      warningAt(
        'apply_dependency_blocked',
        dependent.resource,
        `${dependent.resource} is not applied: ${change.resource} failed`,
      ),
    );
  }
}

function dependsOnGraph(run: ApplyRun, change: PlanChange, graph: string): boolean {
  const parsed = parseResourceAddress(change.resource);
  if (parsed === undefined) return false;
  if (parsed.kind === 'schema' || parsed.kind === 'query') return parsed.graph === graph;
  if (parsed.kind === 'policy' && change.operation !== 'delete') {
    const bindings = run.desired.policies.get(parsed.name)?.bindings ?? [];
    return bindings.includes(`graph.${graph}`);
  }
  return false;
}

/** What a sidecar records beyond the run's own fields. */
export interface SidecarIntent {
  readonly kind: RecoveryKind;
  readonly graphId: string;
  readonly desiredSchemaDigest: string;
  readonly observedManifestVersion?: number;
  readonly approvalId?: string;
}

/**
 * Writes the recovery sidecar of a graph-moving operation before the engine is called; returns
 * its operation id. A failure is a {@link ClusterError} (`recovery_sidecar_write_error`): the
 * operation must then not run.
 */
export async function armSidecar(run: ApplyRun, intent: SidecarIntent): Promise<string> {
  const started = run.now();
  const operationId = newUlid(started.getTime());
  await writeRecoverySidecar(run.store, {
    schema_version: 1,
    operation_id: operationId,
    started_at: started.toISOString(),
    ...(run.actor === undefined ? {} : { actor: run.actor }),
    kind: intent.kind,
    graph_id: intent.graphId,
    graph_uri: run.store.graphUri(intent.graphId),
    ...(intent.observedManifestVersion === undefined
      ? {}
      : { observed_manifest_version: intent.observedManifestVersion }),
    desired_schema_digest: intent.desiredSchemaDigest,
    state_cas_base: run.stateCas,
    ...(intent.approvalId === undefined ? {} : { approval_id: intent.approvalId }),
  });
  return operationId;
}

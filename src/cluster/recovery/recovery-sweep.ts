import type { SettingsInput } from '../../api/settings.js';
import type { LedgerDraft } from '../apply/ledger-draft.js';
import type { DesiredCluster } from '../config/desired-cluster.js';
import { errorAt, warningAt, type Diagnostic } from '../diagnostic.js';
import { observeGraph } from '../observe/observe-graph.js';
import { graphAddress, schemaAddress } from '../resources/resource-address.js';
import { consumeApproval } from '../apply/consume-approval.js';
import { recoveryKey } from '../state/cluster-keys.js';
import type { ClusterStore } from '../state/cluster-store.js';
import { listRecoverySidecars, type RecoverySidecar } from '../state/recovery-sidecar.js';
import { decideSweep, type SweepDecision, type SweepFacts } from './sweep-decision.js';

/** What a sweep needs: where, what is desired, the draft it edits, and who runs it. */
export interface SweepInput {
  readonly store: ClusterStore;
  readonly desired: DesiredCluster;
  readonly draft: LedgerDraft;
  readonly settings?: SettingsInput | undefined;
  readonly now: () => Date;
  readonly actor?: string | undefined;
}

/** What a sweep did. */
export interface SweepResult {
  readonly diagnostics: Diagnostic[];
  /** Sidecars to remove once the ledger write has recorded what the sweep decided. */
  readonly retired: string[];
  /** Graphs whose sidecar stays: no graph-moving work for them in this run. */
  readonly pendingGraphs: Set<string>;
}

/**
 * The recovery sweep that starts `apply`, `refresh` and `import` under the lock: every pending
 * sidecar, in ULID order, is reconciled against the live graph and the ledger (roll forward
 * only), editing `draft`. Sidecars are retired by the caller after its state write.
 */
export async function sweepRecoveries(input: SweepInput): Promise<SweepResult> {
  const result: SweepResult = { diagnostics: [], retired: [], pendingGraphs: new Set() };
  for (const entry of await listRecoverySidecars(input.store)) {
    if (entry.kind === 'error') {
      result.diagnostics.push(entry.error.diagnostic);
      continue;
    }
    const sidecar = entry.record;
    if (sidecar.graph_id === '') {
      result.diagnostics.push(
        errorAt(
          'cluster_recovery_unattributed',
          entry.key,
          `recovery sidecar ${sidecar.operation_id} names no graph; inspect and remove it by hand`,
        ),
      );
      continue;
    }
    const decision = decideSweep(sidecar, await sweepFacts(input, sidecar));
    await carryOut(input, sidecar, decision, result);
  }
  return result;
}

async function sweepFacts(input: SweepInput, sidecar: RecoverySidecar): Promise<SweepFacts> {
  const id = sidecar.graph_id;
  const recorded = {
    recordedSchemaDigest: input.draft.resources[schemaAddress(id)]?.digest,
    graphRecorded: input.draft.resources[graphAddress(id)] !== undefined,
  };
  if (sidecar.kind === 'graph_delete') {
    return { ...recorded, rootExists: await input.store.graphRootExists(id) };
  }
  const desiredDigest = input.desired.graphs.get(id)?.schema.digest;
  const observation = await observeGraph(
    input.store,
    id,
    desiredDigest,
    input.settings,
    input.now(),
  );
  if (observation.exists && observation.error === undefined) {
    input.draft.observations[graphAddress(id)] = observation;
  }
  return { ...recorded, observation };
}

async function carryOut(
  input: SweepInput,
  sidecar: RecoverySidecar,
  decision: SweepDecision,
  result: SweepResult,
): Promise<void> {
  const id = sidecar.graph_id;
  const where = recoveryKey(sidecar.operation_id);
  const what = `${sidecar.kind} of graph.${id} (operation ${sidecar.operation_id})`;
  switch (decision.action) {
    case 'retire':
      result.retired.push(sidecar.operation_id);
      return;
    case 'roll_forward':
      rollForward(input, sidecar);
      result.retired.push(sidecar.operation_id);
      result.diagnostics.push(
        warningAt(
          'cluster_recovery_rolled_forward',
          where,
          `the interrupted ${what} had completed; the ledger now records it`,
        ),
      );
      return;
    case 'create_incomplete':
      input.draft.setStatus(graphAddress(id), 'error', ['graph_create_incomplete']);
      result.pendingGraphs.add(id);
      result.diagnostics.push(
        warningAt(
          'graph_create_incomplete',
          where,
          `the interrupted ${what} left a root at ${sidecar.graph_uri} that does not open; remove it, then re-run apply`,
        ),
      );
      return;
    case 'pending':
      if (decision.row === '6') {
        input.draft.setStatus(graphAddress(id), 'drifted', ['actual_applied_state_pending']);
      }
      result.pendingGraphs.add(id);
      result.diagnostics.push(
        warningAt(
          'cluster_recovery_pending',
          where,
          `the interrupted ${what} cannot be verified; work on graph.${id} waits until it is resolved`,
        ),
      );
      return;
    case 'tombstone':
      await rollDeleteForward(input, sidecar, result);
      result.retired.push(sidecar.operation_id);
      result.diagnostics.push(
        warningAt(
          'cluster_recovery_rolled_forward',
          where,
          `the interrupted ${what} had removed the graph; the ledger now records its tombstone`,
        ),
      );
      return;
    case 'delete_incomplete':
      result.retired.push(sidecar.operation_id);
      result.diagnostics.push(
        warningAt(
          'graph_delete_incomplete',
          where,
          `the interrupted ${what} left objects under ${sidecar.graph_uri}; the delete is proposed again`,
        ),
      );
      return;
  }
}

function rollForward(input: SweepInput, sidecar: RecoverySidecar): void {
  const { draft, desired } = input;
  const id = sidecar.graph_id;
  draft.record(schemaAddress(id), { digest: sidecar.desired_schema_digest });
  draft.recomputeGraph(desired, id);
  draft.setStatus(schemaAddress(id), 'applied');
  if (draft.resources[graphAddress(id)] !== undefined) draft.setStatus(graphAddress(id), 'applied');
  recordRecovery(input, sidecar);
}

async function rollDeleteForward(
  input: SweepInput,
  sidecar: RecoverySidecar,
  result: SweepResult,
): Promise<void> {
  const at = input.now().toISOString();
  const approvalId = sidecar.approval_id ?? sidecar.operation_id;
  input.draft.tombstone(sidecar.graph_id, {
    deletedAt: at,
    approvalId,
    actor: sidecar.actor ?? input.actor,
  });
  if (sidecar.approval_id !== undefined) {
    const problem = await consumeApproval(input, sidecar.approval_id, sidecar.operation_id, at);
    if (problem !== undefined) result.diagnostics.push(problem);
  }
  recordRecovery(input, sidecar);
}

function recordRecovery(input: SweepInput, sidecar: RecoverySidecar): void {
  const actor = input.actor ?? sidecar.actor;
  input.draft.recoveries[sidecar.operation_id] = {
    kind: sidecar.kind,
    graph_id: sidecar.graph_id,
    outcome: 'rolled_forward',
    recovered_at: input.now().toISOString(),
    ...(actor === undefined ? {} : { actor }),
  };
}

import type { DesiredCluster } from '../config/desired-cluster.js';
import { desiredEntry } from '../plan/desired-entry.js';
import { graphAddress, schemaAddress } from '../resources/resource-address.js';
import { graphDigest } from '../resources/resource-digest.js';
import { externalBlobPolicyJson } from '../config/external-blob-policy.js';
import {
  STATE_DOCUMENT,
  type AppliedResource,
  type ApprovalRecord,
  type ClusterState,
  type ClusterStateInput,
  type Observation,
  type RecoveryRecord,
  type ResourceCondition,
  type ResourceStatus,
  type ResourceStatusKind,
} from '../state/cluster-state.js';
import { encodeDocument } from '../state/stored-document.js';

/** What a tombstone records of a deleted graph. */
export interface TombstoneInput {
  readonly deletedAt: string;
  readonly approvalId: string;
  readonly actor?: string | undefined;
}

/**
 * A working copy of the ledger that a command edits in memory (sweep, apply steps, refresh)
 * and writes once, with one CAS, at the end.
 */
export class LedgerDraft {
  readonly resources: Record<string, AppliedResource>;
  readonly statuses: Record<string, ResourceStatus>;
  readonly approvals: Record<string, ApprovalRecord>;
  readonly recoveries: Record<string, RecoveryRecord>;
  readonly observations: Record<string, Observation>;
  configDigest: string | undefined;

  constructor(state: ClusterState) {
    const copy = structuredClone(state);
    this.resources = copy.applied_revision.resources;
    this.statuses = copy.resource_statuses;
    this.approvals = copy.approval_records;
    this.recoveries = copy.recovery_records;
    this.observations = copy.observations;
    this.configDigest = copy.applied_revision.config_digest;
  }

  /** Records `address` as applied with `entry`. */
  record(address: string, entry: AppliedResource): void {
    this.resources[address] = entry;
  }

  /** Records desired resource `address` as the config declares it. */
  recordDesired(desired: DesiredCluster, address: string): void {
    const entry = desiredEntry(desired, address);
    if (entry !== undefined) this.record(address, entry);
  }

  /** Drops `address` from the applied resources and the statuses. */
  forget(address: string): void {
    // Reflect: the maps are keyed by address; a missing key is not an error.
    Reflect.deleteProperty(this.resources, address);
    Reflect.deleteProperty(this.statuses, address);
  }

  /** Sets the lifecycle status of `address`. */
  setStatus(
    address: string,
    status: ResourceStatusKind,
    conditions: readonly ResourceCondition[] = [],
    message?: string,
  ): void {
    this.statuses[address] = {
      status,
      conditions: [...conditions],
      ...(message === undefined ? {} : { message }),
    };
  }

  /**
   * Records graph `id` as what is applied of it: its composite digest over the recorded schema
   * and query digests, with the provider and blob policy the config binds. Nothing changes
   * when its schema is not recorded (the graph was never created).
   */
  recomputeGraph(desired: DesiredCluster, id: string): void {
    const schema = this.resources[schemaAddress(id)];
    const graph = desired.graphs.get(id);
    if (schema === undefined || graph === undefined) return;
    const prefix = `query.${id}.`;
    const queries = Object.entries(this.resources)
      .filter(([address]) => address.startsWith(prefix))
      .map(([address, entry]) => ({ name: address.slice(prefix.length), digest: entry.digest }));
    const provider = [...desired.providers.values()].find(
      (candidate) => candidate.address === graph.embeddingProvider,
    );
    const digest = graphDigest({
      id,
      schemaDigest: schema.digest,
      queries,
      ...(provider === undefined
        ? {}
        : { embeddingProvider: { address: provider.address, digest: provider.digest } }),
      ...(graph.externalBlobPolicy === undefined
        ? {}
        : { externalBlobPolicyJson: externalBlobPolicyJson(graph.externalBlobPolicy) }),
    });
    const entry = desiredEntry(desired, graphAddress(id));
    if (entry !== undefined) this.record(graphAddress(id), { ...entry, digest });
  }

  /** Removes graph `id`, its schema and queries, and leaves its tombstone. */
  tombstone(id: string, input: TombstoneInput): void {
    const subtree = [graphAddress(id), schemaAddress(id)];
    const queryPrefix = `query.${id}.`;
    const addresses = new Set([...Object.keys(this.resources), ...Object.keys(this.statuses)]);
    for (const address of addresses) {
      if (subtree.includes(address) || address.startsWith(queryPrefix)) this.forget(address);
    }
    this.observations[graphAddress(id)] = {
      kind: 'tombstone',
      deleted_at: input.deletedAt,
      approval_id: input.approvalId,
      ...(input.actor === undefined ? {} : { actor: input.actor }),
    };
  }

  /** The ledger to write (its `state_revision` is set by the write). */
  toState(): ClusterStateInput {
    return {
      version: 1,
      applied_revision: {
        ...(this.configDigest === undefined ? {} : { config_digest: this.configDigest }),
        resources: this.resources,
      },
      resource_statuses: this.statuses,
      approval_records: this.approvals,
      recovery_records: this.recoveries,
      observations: this.observations,
    };
  }

  /** The draft as a ledger (at `revision`), for planning against it. */
  current(revision: number): ClusterState {
    return encodeDocument(STATE_DOCUMENT, { ...this.toState(), state_revision: revision }).value;
  }

  /** True when writing this draft would change nothing but the revision of `base`. */
  sameAs(base: ClusterState): boolean {
    const next = encodeDocument(STATE_DOCUMENT, {
      ...this.toState(),
      state_revision: base.state_revision,
    });
    const current = encodeDocument(STATE_DOCUMENT, base);
    return Buffer.from(next.bytes).equals(Buffer.from(current.bytes));
  }
}

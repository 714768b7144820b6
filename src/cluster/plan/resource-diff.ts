import type { DesiredCluster } from '../config/desired-cluster.js';
import { compareText } from '../resources/resource-digest.js';
import type { AppliedResource, ClusterState } from '../state/cluster-state.js';
import type { PlanChange } from './plan-output.js';

/**
 * The changes that take the recorded resources of `state` to the desired ones, in address
 * order, before dispositions: a desired resource not recorded is a create, one recorded with
 * another digest an update, a recorded one no longer desired a delete. With equal digests a
 * policy whose bindings differ is a `binding_change` update, and an entry missing metadata
 * serving needs (a ledger written before it was recorded) a `metadata_change` update.
 */
export function diffResources(desired: DesiredCluster, state: ClusterState): PlanChange[] {
  const recorded = state.applied_revision.resources;
  const changes: PlanChange[] = [];
  for (const { address, digest } of desired.resources.resources) {
    const before = recorded[address];
    if (before === undefined) {
      changes.push({ resource: address, operation: 'create', after_digest: digest });
    } else if (before.digest !== digest) {
      changes.push({
        resource: address,
        operation: 'update',
        before_digest: before.digest,
        after_digest: digest,
      });
    } else {
      const metadata = metadataChange(desired, address, before);
      if (metadata !== undefined) changes.push(metadata);
    }
  }
  const desiredAddresses = new Set(desired.resources.resources.map((r) => r.address));
  for (const [address, entry] of Object.entries(recorded)) {
    if (!desiredAddresses.has(address)) {
      changes.push({ resource: address, operation: 'delete', before_digest: entry.digest });
    }
  }
  return changes.sort((a, b) => compareText(a.resource, b.resource));
}

function metadataChange(
  desired: DesiredCluster,
  address: string,
  before: AppliedResource,
): PlanChange | undefined {
  const same = { resource: address, operation: 'update' as const };
  const digests = { before_digest: before.digest, after_digest: before.digest };
  if (address.startsWith('policy.')) {
    const bindings = desired.policies.get(address.slice('policy.'.length))?.bindings ?? [];
    if (before.applies_to === undefined) {
      return { ...same, ...digests, metadata_change: 'policy_bindings' };
    }
    if (!sameList(before.applies_to, bindings)) {
      return { ...same, ...digests, binding_change: true };
    }
  }
  if (address.startsWith('provider.embedding.') && before.embedding_profile === undefined) {
    return { ...same, ...digests, metadata_change: 'embedding_profile' };
  }
  return undefined;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  const sortedA = [...a].sort(compareText);
  const sortedB = [...b].sort(compareText);
  return sortedA.length === sortedB.length && sortedA.every((item, i) => item === sortedB[i]);
}

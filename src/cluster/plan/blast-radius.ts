import { parseResourceAddress } from '../resources/resource-address.js';
import { compareText } from '../resources/resource-digest.js';
import type { Dependency } from '../resources/resource-set.js';
import type { ClusterState } from '../state/cluster-state.js';
import type { BlastRadius, PlanChange } from './plan-output.js';

/**
 * The dependency edges of the recorded resources, rebuilt from their addresses and metadata
 * (the ledger keeps no edges): what a deleted resource's dependents were.
 */
export function recordedDependencies(state: ClusterState): Dependency[] {
  const edges: Dependency[] = [];
  for (const [address, entry] of Object.entries(state.applied_revision.resources)) {
    const parsed = parseResourceAddress(address);
    if (parsed === undefined) continue;
    if (parsed.kind === 'schema') edges.push({ from: address, to: `graph.${parsed.graph}` });
    if (parsed.kind === 'query') {
      edges.push({ from: address, to: `graph.${parsed.graph}` });
      edges.push({ from: address, to: `schema.${parsed.graph}` });
    }
    if (parsed.kind === 'graph' && entry.embedding_provider !== undefined) {
      edges.push({ from: address, to: entry.embedding_provider });
    }
    for (const binding of entry.applies_to ?? []) {
      if (binding !== 'cluster') edges.push({ from: address, to: binding });
    }
  }
  return edges;
}

/**
 * For each change, every resource that depends on it directly or transitively (`from → to`
 * edges read backwards), in address order. Changes nothing depends on are left out.
 */
export function blastRadius(
  changes: readonly PlanChange[],
  dependencies: readonly Dependency[],
): BlastRadius[] {
  const dependents = new Map<string, Set<string>>();
  for (const { from, to } of dependencies) {
    const set = dependents.get(to) ?? new Set<string>();
    set.add(from);
    dependents.set(to, set);
  }
  const radius: BlastRadius[] = [];
  for (const change of changes) {
    const affected = reachable(change.resource, dependents);
    if (affected.length > 0) radius.push({ resource: change.resource, affected });
  }
  return radius;
}

function reachable(start: string, dependents: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const seen = new Set<string>();
  const queue = [start];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    for (const dependent of dependents.get(next) ?? []) {
      if (dependent !== start && !seen.has(dependent)) {
        seen.add(dependent);
        queue.push(dependent);
      }
    }
  }
  return [...seen].sort(compareText);
}

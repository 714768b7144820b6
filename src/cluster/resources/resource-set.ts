import type { ResourceKind } from './resource-address.js';
import { compareText } from './resource-digest.js';

/** One resource of a cluster, as `validate` lists it (wire names). */
export interface Resource {
  readonly address: string;
  readonly kind: ResourceKind;
  readonly digest: string;
  /** The config-relative file the resource comes from (schemas, queries and policies). */
  readonly path?: string;
}

/** An edge of the resource graph: `from` depends on `to` (wire names). */
export interface Dependency {
  readonly from: string;
  readonly to: string;
}

/** Every resource of a cluster and their dependencies, in a stable order. */
export interface ResourceSet {
  /** Sorted by address. */
  readonly resources: readonly Resource[];
  /** Sorted by `from`, then `to`; no duplicates. */
  readonly dependencies: readonly Dependency[];
}

/** A {@link ResourceSet} of these resources and edges, sorted and without repeated edges. */
export function resourceSet(
  resources: readonly Resource[],
  dependencies: readonly Dependency[],
): ResourceSet {
  const edges = new Map(dependencies.map((edge) => [`${edge.from}\0${edge.to}`, edge]));
  return {
    resources: [...resources].sort((a, b) => compareText(a.address, b.address)),
    dependencies: [...edges.values()].sort(
      (a, b) => compareText(a.from, b.from) || compareText(a.to, b.to),
    ),
  };
}

/** `address → digest` in address order: the `resource_digests` of command outputs. */
export function resourceDigests(set: ResourceSet): Record<string, string> {
  return Object.fromEntries(set.resources.map((resource) => [resource.address, resource.digest]));
}

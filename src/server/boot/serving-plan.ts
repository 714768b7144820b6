import {
  errorAt,
  parseResourceAddress,
  type AppliedResource,
  type ClusterState,
  type Diagnostic,
} from '../../cluster/index.js';

/** A stored query of a graph, by the digest of the file declaring it. */
export interface PlannedQuery {
  readonly name: string;
  readonly digest: string;
}

/** One graph the applied revision holds. */
export interface PlannedGraph {
  readonly id: string;
  /** In name order. */
  readonly queries: readonly PlannedQuery[];
  /** The `provider.embedding.<name>` address it embeds text with, if any. */
  readonly embeddingProvider?: string;
  /** The policy bundle bound to `graph.<id>`, if any. */
  readonly policy?: string;
}

/** A policy bundle of the applied revision. */
export interface PlannedPolicy {
  readonly name: string;
  readonly digest: string;
}

/** What the applied revision asks the server to serve. */
export interface ServingPlan {
  /** In id order. */
  readonly graphs: readonly PlannedGraph[];
  readonly policies: ReadonlyMap<string, PlannedPolicy>;
  /** The bundle bound to `cluster`, if any: the server policy. */
  readonly serverPolicy?: string;
  /** Cluster-global problems: any of them refuses the boot. */
  readonly diagnostics: readonly Diagnostic[];
}

interface Bindings {
  readonly byScope: Map<string, string>;
  readonly diagnostics: Diagnostic[];
}

/**
 * Reads the graphs, stored queries and policy bindings of the applied revision. Every policy
 * must record its bindings (`policy_bindings_missing`), each binding must name `cluster` or an
 * applied graph (`wrong_kind_reference`, `dangling_graph_reference`), and no scope may be bound
 * by two bundles (`duplicate_policy_binding`).
 */
export function servingPlan(state: ClusterState): ServingPlan {
  const resources = Object.entries(state.applied_revision.resources).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  const graphIds = new Set<string>();
  const queries = new Map<string, PlannedQuery[]>();
  const policies = new Map<string, PlannedPolicy>();
  for (const [address, resource] of resources) {
    const parsed = parseResourceAddress(address);
    if (parsed?.kind === 'graph') graphIds.add(parsed.graph);
    if (parsed?.kind === 'query') {
      const list = queries.get(parsed.graph) ?? [];
      list.push({ name: parsed.name, digest: resource.digest });
      queries.set(parsed.graph, list);
    }
    if (parsed?.kind === 'policy') {
      policies.set(parsed.name, { name: parsed.name, digest: resource.digest });
    }
  }
  const bindings = policyBindings(resources, graphIds);
  const graphs = [...graphIds].map((id): PlannedGraph => {
    const provider = state.applied_revision.resources[`graph.${id}`]?.embedding_provider;
    const policy = bindings.byScope.get(`graph.${id}`);
    return {
      id,
      queries: queries.get(id) ?? [],
      ...(provider === undefined ? {} : { embeddingProvider: provider }),
      ...(policy === undefined ? {} : { policy }),
    };
  });
  const serverPolicy = bindings.byScope.get('cluster');
  return {
    graphs,
    policies,
    ...(serverPolicy === undefined ? {} : { serverPolicy }),
    diagnostics: bindings.diagnostics,
  };
}

function policyBindings(
  resources: readonly (readonly [string, AppliedResource])[],
  graphIds: ReadonlySet<string>,
): Bindings {
  const bindings: Bindings = { byScope: new Map(), diagnostics: [] };
  for (const [address, resource] of resources) {
    if (parseResourceAddress(address)?.kind !== 'policy') continue;
    const scopes = resource.applies_to ?? [];
    if (scopes.length === 0) {
      const message = `the applied ${address} records no bindings; run \`omnigraph cluster apply\` to record them`;
      bindings.diagnostics.push(errorAt('policy_bindings_missing', address, message));
    }
    for (const scope of scopes) bind(bindings, address, scope, graphIds);
  }
  return bindings;
}

function bind(
  bindings: Bindings,
  address: string,
  scope: string,
  graphIds: ReadonlySet<string>,
): void {
  const graph = scope.startsWith('graph.') ? scope.slice('graph.'.length) : undefined;
  if (scope !== 'cluster' && graph === undefined) {
    const message = `${address} is bound to '${scope}', which is neither 'cluster' nor a graph`;
    bindings.diagnostics.push(errorAt('wrong_kind_reference', address, message));
    return;
  }
  if (graph !== undefined && !graphIds.has(graph)) {
    const message = `${address} is bound to ${scope}, which the applied revision does not hold`;
    bindings.diagnostics.push(errorAt('dangling_graph_reference', address, message));
    return;
  }
  const holder = bindings.byScope.get(scope);
  if (holder !== undefined) {
    const message = `${scope} is bound by two policy bundles: policy.${holder} and ${address}`;
    bindings.diagnostics.push(errorAt('duplicate_policy_binding', address, message));
    return;
  }
  bindings.byScope.set(scope, address.slice('policy.'.length));
}

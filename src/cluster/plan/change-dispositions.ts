import { warningAt, type Diagnostic } from '../diagnostic.js';
import type { DesiredCluster } from '../config/desired-cluster.js';
import { parseResourceAddress, type ParsedAddress } from '../resources/resource-address.js';
import type { ChangeDisposition, ChangeReason, PlanChange } from './plan-output.js';

/** What decides whether a change can be applied now. */
export interface DispositionContext {
  readonly desired: DesiredCluster;
  /** Graphs with a recovery sidecar pending: no graph-moving work for them. */
  readonly pendingGraphs: ReadonlySet<string>;
  /** Graphs whose delete a valid approval covers. */
  readonly approvedDeletes: ReadonlySet<string>;
}

type Verdict = Pick<PlanChange, 'disposition' | 'reason'>;

const APPLIED: Verdict = { disposition: 'applied' };
const DERIVED: Verdict = { disposition: 'derived' };

// Graphs decide first, then schemas (which follow their graph), then what depends on both.
const KIND_ORDER: Record<ParsedAddress['kind'], number> = {
  graph: 0,
  schema: 1,
  query: 2,
  policy: 3,
  embedding_provider: 4,
};

/**
 * Gives each change its disposition and reason (the dispositions table of the cluster
 * reference), and warns about changes apply does not support. Changes keep their order.
 */
export function assignDispositions(
  changes: readonly PlanChange[],
  context: DispositionContext,
): { changes: PlanChange[]; diagnostics: Diagnostic[] } {
  const byAddress = new Map(changes.map((change) => [change.resource, change]));
  const verdicts = new Map<string, Verdict>();
  const parsed = changes.map((change) => ({ change, address: parseAddress(change.resource) }));
  parsed.sort((a, b) => KIND_ORDER[a.address.kind] - KIND_ORDER[b.address.kind]);
  const decide = new Decider(context, byAddress, verdicts);
  for (const { change, address } of parsed)
    verdicts.set(change.resource, decide.of(change, address));
  const diagnostics: Diagnostic[] = [];
  const decided = changes.map((change) => {
    const verdict = verdicts.get(change.resource) ?? APPLIED;
    if (verdict.reason === 'apply_unsupported_kind') {
      diagnostics.push(
        warningAt(
          'apply_unsupported_change',
          change.resource,
          `apply does not ${change.operation} ${change.resource} on its own; it is deferred`,
        ),
      );
    }
    return withVerdict(change, verdict);
  });
  return { changes: decided, diagnostics };
}

/** A change with a (new) disposition and reason, any earlier reason dropped. */
export function withVerdict(change: PlanChange, verdict: Verdict): PlanChange {
  const rest: PlanChange = { ...change };
  Reflect.deleteProperty(rest, 'disposition');
  Reflect.deleteProperty(rest, 'reason');
  return {
    ...rest,
    ...(verdict.disposition === undefined ? {} : { disposition: verdict.disposition }),
    ...(verdict.reason === undefined ? {} : { reason: verdict.reason }),
  };
}

class Decider {
  constructor(
    private readonly context: DispositionContext,
    private readonly changes: ReadonlyMap<string, PlanChange>,
    private readonly verdicts: ReadonlyMap<string, Verdict>,
  ) {}

  of(change: PlanChange, address: ParsedAddress): Verdict {
    switch (address.kind) {
      case 'graph':
        return this.#graph(change, address.graph);
      case 'schema':
        return this.#schema(change, address.graph);
      case 'query':
        return this.#query(change, address.graph);
      case 'policy':
        return this.#policy(change, address.name);
      case 'embedding_provider':
        return APPLIED;
    }
  }

  #graph(change: PlanChange, graph: string): Verdict {
    if (change.operation === 'update') return DERIVED;
    if (this.context.pendingGraphs.has(graph)) return blocked('cluster_recovery_pending');
    if (change.operation === 'create') return APPLIED;
    return this.context.approvedDeletes.has(graph) ? APPLIED : blocked('approval_required');
  }

  #schema(change: PlanChange, graph: string): Verdict {
    const graphChange = this.#graphVerdict(graph);
    if (change.operation === 'delete') {
      // One approval covers a graph's subtree; a schema cannot be deleted without its graph.
      return graphChange?.operation === 'delete'
        ? graphChange.verdict
        : blocked('apply_unsupported_kind', 'deferred');
    }
    if (graphChange?.operation === 'create') return graphChange.verdict;
    if (this.context.pendingGraphs.has(graph)) return blocked('cluster_recovery_pending');
    return APPLIED;
  }

  #query(change: PlanChange, graph: string): Verdict {
    const graphChange = this.#graphVerdict(graph);
    if (change.operation === 'delete') {
      return graphChange?.operation === 'delete' ? graphChange.verdict : APPLIED;
    }
    if (this.context.pendingGraphs.has(graph)) return blocked('cluster_recovery_pending');
    if (graphChange?.operation === 'create' && graphChange.verdict.disposition !== 'applied') {
      return blocked('dependency_not_applied');
    }
    const schema = this.verdicts.get(`schema.${graph}`);
    if (schema !== undefined && schema.disposition !== 'applied') {
      return blocked('dependency_not_applied');
    }
    return APPLIED;
  }

  #policy(change: PlanChange, name: string): Verdict {
    if (change.operation === 'delete') return APPLIED;
    const bindings = this.context.desired.policies.get(name)?.bindings ?? [];
    const graphs = bindings.filter((b) => b !== 'cluster').map((b) => b.slice('graph.'.length));
    if (graphs.some((graph) => this.context.pendingGraphs.has(graph))) {
      return blocked('cluster_recovery_pending');
    }
    const unready = graphs.some((graph) => {
      const graphChange = this.#graphVerdict(graph);
      return graphChange?.operation === 'create' && graphChange.verdict.disposition !== 'applied';
    });
    return unready ? blocked('dependency_not_applied') : APPLIED;
  }

  #graphVerdict(
    graph: string,
  ): { operation: PlanChange['operation']; verdict: Verdict } | undefined {
    const address = `graph.${graph}`;
    const change = this.changes.get(address);
    const verdict = this.verdicts.get(address);
    return change === undefined || verdict === undefined
      ? undefined
      : { operation: change.operation, verdict };
  }
}

function blocked(reason: ChangeReason, disposition: ChangeDisposition = 'blocked'): Verdict {
  return { disposition, reason };
}

function parseAddress(address: string): ParsedAddress {
  const parsed = parseResourceAddress(address);
  // Ledger entries and desired resources are checked addresses; anything else is a bug.
  if (parsed === undefined) throw new Error(`not a resource address: ${address}`);
  return parsed;
}

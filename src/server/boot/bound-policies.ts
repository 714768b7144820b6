import { errorAt, type Diagnostic } from '../../cluster/index.js';
import { loadPolicy, type Policy } from '../../policy/index.js';
import { messageOf } from '../../util/omni-error.js';
import type { ServingPlan } from './serving-plan.js';

/** The compiled policies of the applied revision. */
export interface BoundPolicies {
  /** The `cluster`-bound bundle: the only source of `graph_list`. */
  readonly server?: Policy;
  /** Graph id → its bundle, compiled for that id. */
  readonly graphs: ReadonlyMap<string, Policy>;
  /** Bundles the policy layer refuses (`policy_invalid`): each refuses the boot. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Compiles each bound bundle from its verified catalog text: the server's once, a graph's for
 * that graph's id (its Cedar resource). `texts` holds every payload by address.
 */
export async function compileBoundPolicies(
  plan: ServingPlan,
  texts: ReadonlyMap<string, string>,
): Promise<BoundPolicies> {
  const diagnostics: Diagnostic[] = [];
  const compile = async (name: string, graphId?: string): Promise<Policy | undefined> => {
    const address = `policy.${name}`;
    const text = texts.get(address);
    if (text === undefined) return undefined;
    try {
      return await loadPolicy(text, name, graphId === undefined ? {} : { graphId });
    } catch (error) {
      const message = `the applied ${address} is refused by the policy layer: ${messageOf(error)}`;
      diagnostics.push(errorAt('policy_invalid', address, message));
      return undefined;
    }
  };
  const server = plan.serverPolicy === undefined ? undefined : await compile(plan.serverPolicy);
  const graphs = new Map<string, Policy>();
  for (const graph of plan.graphs) {
    const policy = graph.policy === undefined ? undefined : await compile(graph.policy, graph.id);
    if (policy !== undefined) graphs.set(graph.id, policy);
  }
  // One bad bundle bound to many graphs is one problem.
  const unique = [...new Map(diagnostics.map((d) => [d.path, d])).values()];
  return { ...(server === undefined ? {} : { server }), graphs, diagnostics: unique };
}

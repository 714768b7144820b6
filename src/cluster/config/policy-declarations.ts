import { errorAt } from '../diagnostic.js';
import { graphAddress, parseResourceAddress } from '../resources/resource-address.js';
import { compareText } from '../resources/resource-digest.js';
import type { PolicyConfig } from './cluster-config.js';
import type { YamlPath } from './config-yaml.js';
import { DECLARATIONS_SHAPE, POLICY_SHAPE } from './config-shapes.js';
import { withClosest } from './did-you-mean.js';
import type { DeclaredGraphs } from './graph-declarations.js';
import { checkResourceId } from './resource-id.js';
import { checkShape, pathText, valueAt, type CheckContext } from './shape-check.js';

/** The scope a policy binds: the whole cluster (the server) or one graph, `graph.<id>`. */
export type PolicyBinding = 'cluster' | `graph.${string}`;

/** A policy declaration that passed every check of cluster.yaml (its file is read later). */
export interface CheckedPolicy {
  readonly name: string;
  readonly path: YamlPath;
  readonly config: PolicyConfig;
  /** What it applies to, normalized and sorted: `cluster`, or `graph.<id>` for each graph. */
  readonly bindings: readonly PolicyBinding[];
}

/** A binding and where it is written. */
interface WrittenBinding {
  readonly binding: PolicyBinding;
  readonly at: YamlPath;
}

/**
 * Checks `policies`: each declaration's shape and bindings, and that no scope is bound by two
 * policies (serving holds one bundle per graph and one for the server).
 */
export function checkPolicies(context: CheckContext, graphs: DeclaredGraphs): CheckedPolicy[] {
  if (valueAt(context.yaml.value, ['policies']) === undefined) return [];
  const declared = checkShape(context, DECLARATIONS_SHAPE, ['policies'], {
    code: 'invalid_cluster_yaml',
  });
  const owners = new Map<PolicyBinding, string>();
  const policies: CheckedPolicy[] = [];
  for (const name of Object.keys(declared ?? {})) {
    const before = context.diagnostics.length;
    const path = ['policies', name];
    checkResourceId(context, path, 'policy');
    const input = checkShape(context, POLICY_SHAPE, path, { code: 'invalid_cluster_yaml' });
    const written =
      input === undefined ? [] : checkBindings(context, path, input.applies_to, graphs);
    for (const { binding, at } of written) {
      const owner = owners.get(binding);
      if (owner === undefined) owners.set(binding, name);
      else {
        const message = `'${binding}' is already bound by policy '${owner}'; one policy bundle applies to each scope`;
        context.diagnostics.push(errorAt('duplicate_policy_binding', context.yaml.at(at), message));
      }
    }
    if (input?.applies_to === undefined || context.diagnostics.length > before) continue;
    const bindings = written.map(({ binding }) => binding).sort(compareText);
    policies.push({
      name,
      path,
      config: { file: input.file, applies_to: input.applies_to },
      bindings,
    });
  }
  return policies;
}

/** The bindings of one policy, each once; reports what is wrong with the list. */
function checkBindings(
  context: CheckContext,
  policyPath: YamlPath,
  appliesTo: readonly string[] | undefined,
  graphs: DeclaredGraphs,
): WrittenBinding[] {
  const path = [...policyPath, 'applies_to'];
  const name = String(policyPath[1]);
  if (appliesTo === undefined || appliesTo.length === 0) {
    const message = `policy '${name}' needs applies_to: [cluster] or a list of graph ids`;
    context.diagnostics.push(errorAt('policy_missing_applies_to', context.yaml.at(path), message));
    return [];
  }
  const written: WrittenBinding[] = [];
  appliesTo.forEach((reference, index) => {
    const at = [...path, index];
    const binding = bindingOf(context, at, reference, graphs);
    if (binding === undefined) return;
    if (written.some((earlier) => earlier.binding === binding)) {
      const message = `policy '${name}' lists '${binding}' twice`;
      context.diagnostics.push(errorAt('duplicate_policy_binding', context.yaml.at(at), message));
      return;
    }
    written.push({ binding, at });
  });
  const cluster = written.some(({ binding }) => binding === 'cluster');
  if (cluster && written.length > 1) {
    const message = `policy '${name}' binds both the cluster and graphs; a bundle is either server-level (cluster) or graph-level`;
    context.diagnostics.push(errorAt('policy_mixed_binding_kinds', context.yaml.at(path), message));
  }
  return written;
}

/** `cluster`, `<id>` or `graph.<id>` as a binding; reports a wrong or dangling reference. */
function bindingOf(
  context: CheckContext,
  at: YamlPath,
  reference: string,
  graphs: DeclaredGraphs,
): PolicyBinding | undefined {
  if (reference === 'cluster') return 'cluster';
  const parsed = reference.includes('.')
    ? parseResourceAddress(reference)
    : ({ kind: 'graph', graph: reference } as const);
  if (parsed?.kind !== 'graph') {
    const message = `${pathText(at)}: '${reference}' is not a graph or the cluster; a policy applies to 'cluster', '<graph id>' or 'graph.<graph id>'`;
    context.diagnostics.push(errorAt('wrong_kind_reference', context.yaml.at(at), message));
    return undefined;
  }
  if (graphs.ids.has(parsed.graph)) return graphAddress(parsed.graph);
  const message = `${pathText(at)}: no graph '${parsed.graph}' is declared under graphs`;
  context.diagnostics.push(
    errorAt(
      'dangling_graph_reference',
      context.yaml.at(at),
      withClosest(message, parsed.graph, graphs.ids),
    ),
  );
  return undefined;
}

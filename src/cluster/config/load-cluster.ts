import path from 'node:path';
import { CLUSTER_CONFIG_FILE, readClusterConfig } from '../config-files.js';
import { allPassed, errorAt, type Diagnostic } from '../diagnostic.js';
import { buildDesiredCluster, type DesiredInput } from './build-desired.js';
import type { ClusterConfig } from './cluster-config.js';
import { parseConfigYaml } from './config-yaml.js';
import type { DesiredCluster } from './desired-cluster.js';
import { checkEmbeddingProviders, type DeclaredProviders } from './embedding-providers.js';
import { checkGraphs, type DeclaredGraphs } from './graph-declarations.js';
import { loadGraphQueries } from './graph-queries.js';
import { loadGraphSchema } from './graph-schema.js';
import { loadPolicyBundle } from './policy-bundles.js';
import { checkPolicies, type CheckedPolicy } from './policy-declarations.js';
import { valueAt, type CheckContext } from './shape-check.js';
import { checkStorageRoot } from './storage-root.js';
import { checkTopLevel, type TopLevel } from './top-level.js';

/** What loading a config directory found: every diagnostic, and the cluster when it is valid. */
export interface ClusterLoad {
  /** In the order found: cluster.yaml first, then the files it names. */
  readonly diagnostics: readonly Diagnostic[];
  /** Present exactly when no diagnostic is an error. */
  readonly desired?: DesiredCluster;
}

/**
 * Reads `cluster.yaml` of `configDir` and every file it names, checks them all, and builds the
 * desired cluster. Every problem is reported, not only the first; only a cluster.yaml that
 * cannot be read or parsed as YAML stops everything else.
 *
 * @example
 * const { desired, diagnostics } = await loadCluster('company-brain');
 * desired?.resources.resources.map((r) => r.address); // ['graph.knowledge', 'policy.base', …]
 */
export async function loadCluster(configDir: string): Promise<ClusterLoad> {
  const read = await readClusterConfig(configDir);
  if (!read.ok) {
    const { failure } = read;
    const code =
      failure.kind === 'config_dir_missing' ? 'config_dir_not_found' : 'cluster_config_read_error';
    const where =
      failure.kind === 'invalid_utf8'
        ? `${CLUSTER_CONFIG_FILE}:${failure.line}:${failure.column}`
        : CLUSTER_CONFIG_FILE;
    return { diagnostics: [errorAt(code, where, failure.message)] };
  }
  const parsed = parseConfigYaml(read.file.text, CLUSTER_CONFIG_FILE);
  if (!parsed.ok) return { diagnostics: parsed.diagnostics };
  const context: CheckContext = { yaml: parsed.yaml, diagnostics: [] };
  const absoluteDir = path.resolve(configDir);
  const input = await checkCluster(context, absoluteDir);
  if (input === undefined || !allPassed(context.diagnostics)) {
    return { diagnostics: context.diagnostics };
  }
  return { diagnostics: context.diagnostics, desired: buildDesiredCluster(input) };
}

/** Checks every section and file; the input of the desired cluster when nothing failed. */
async function checkCluster(
  context: CheckContext,
  configDir: string,
): Promise<DesiredInput | undefined> {
  const top = checkTopLevel(context);
  if (top === undefined) return undefined;
  const root = context.yaml.value;
  const storage = valueAt(root, ['storage']);
  const storageRoot = checkStorageRoot(context, storage, configDir);
  const providers = checkEmbeddingProviders(context, valueAt(root, ['providers']));
  const graphs = checkGraphs(context, providers);
  const policies = checkPolicies(context, graphs);
  const loadedGraphs = await loadGraphs(context, configDir, graphs);
  const loadedPolicies = await loadPolicies(context, configDir, policies);
  if (top.version === undefined || storageRoot === undefined) return undefined;
  const declared = { ...top, version: top.version, providers, graphs, policies };
  const config = parsedConfig(root, declared);
  return {
    configDir,
    configFile: path.join(configDir, CLUSTER_CONFIG_FILE),
    config,
    storageRoot,
    providers: providers.profiles,
    graphs: loadedGraphs,
    policies: loadedPolicies,
  };
}

/** The checked sections of cluster.yaml. */
interface CheckedSections extends TopLevel {
  readonly version: ClusterConfig['version'];
  readonly providers: DeclaredProviders;
  readonly graphs: DeclaredGraphs;
  readonly policies: readonly CheckedPolicy[];
}

/** The parsed config: each section that cluster.yaml writes, as checked. */
function parsedConfig(root: unknown, sections: CheckedSections): ClusterConfig {
  const written = (...path: string[]): boolean => valueAt(root, path) !== undefined;
  const storage = valueAt(root, ['storage']);
  const embedding = Object.fromEntries(sections.providers.profiles);
  const graphs = sections.graphs.graphs.map((graph) => [graph.id, graph.config] as const);
  const policies = sections.policies.map((policy) => [policy.name, policy.config] as const);
  return {
    version: sections.version,
    ...(sections.metadata === undefined ? {} : { metadata: sections.metadata }),
    ...(typeof storage === 'string' ? { storage } : {}),
    ...(sections.state === undefined ? {} : { state: sections.state }),
    ...(written('providers')
      ? { providers: written('providers', 'embedding') ? { embedding } : {} }
      : {}),
    ...(written('graphs') ? { graphs: Object.fromEntries(graphs) } : {}),
    ...(written('policies') ? { policies: Object.fromEntries(policies) } : {}),
  };
}

async function loadGraphs(
  context: CheckContext,
  configDir: string,
  graphs: DeclaredGraphs,
): Promise<DesiredInput['graphs'][number][]> {
  const loaded: DesiredInput['graphs'][number][] = [];
  for (const checked of graphs.graphs) {
    const schema = await loadGraphSchema(context, configDir, checked);
    const queries = await loadGraphQueries(context, configDir, checked, schema?.catalog);
    if (schema?.catalog !== undefined) {
      loaded.push({ checked, schema: schema.file, catalog: schema.catalog, queries });
    }
  }
  return loaded;
}

async function loadPolicies(
  context: CheckContext,
  configDir: string,
  policies: readonly CheckedPolicy[],
): Promise<DesiredInput['policies'][number][]> {
  const loaded: DesiredInput['policies'][number][] = [];
  for (const checked of policies) {
    const policy = await loadPolicyBundle(context, configDir, checked);
    if (policy !== undefined) loaded.push({ checked, loaded: policy });
  }
  return loaded;
}

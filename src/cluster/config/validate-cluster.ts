import path from 'node:path';
import { CLUSTER_CONFIG_FILE } from '../config-files.js';
import { allPassed } from '../diagnostic.js';
import { resourceDigests } from '../resources/resource-set.js';
import { loadCluster } from './load-cluster.js';
import type { ValidateOutput } from './validate-output.js';

/**
 * Validates a config directory without touching state or taking the lock: cluster.yaml's
 * syntax and fields, the files it names, schemas, queries (parsed and typechecked against the
 * desired schema), policy bundles and bindings, providers and external blob bases. Resources
 * and digests are listed when the config is valid.
 *
 * @example (await validateCluster('company-brain')).ok // true
 */
export async function validateCluster(configDir: string): Promise<ValidateOutput> {
  const { desired, diagnostics } = await loadCluster(configDir);
  return {
    ok: allPassed(diagnostics),
    config_dir: configDir,
    config_file: path.join(configDir, CLUSTER_CONFIG_FILE),
    resource_digests: desired === undefined ? {} : resourceDigests(desired.resources),
    resources: desired?.resources.resources ?? [],
    dependencies: desired?.resources.dependencies ?? [],
    diagnostics,
  };
}

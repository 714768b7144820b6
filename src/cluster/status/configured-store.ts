import path from 'node:path';
import { resolveSettings } from '../../api/settings.js';
import type { ClusterCommandOptions } from '../command-options.js';
import { CLUSTER_CONFIG_FILE, readClusterConfig } from '../config-files.js';
import { parseConfigYaml } from '../config/config-yaml.js';
import { valueAt, type CheckContext } from '../config/shape-check.js';
import { checkStorageRoot } from '../config/storage-root.js';
import { errorAt, type Diagnostic } from '../diagnostic.js';
import { openClusterStore, type ClusterStore } from '../state/cluster-store.js';

/** The store a config directory names, and what reading its `storage` key reported. */
export interface ConfiguredStore {
  /** Absent when cluster.yaml cannot be read or its storage root is unusable. */
  readonly store?: ClusterStore;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Opens the storage root that `cluster.yaml` of `options.configDir` declares, reading only its
 * `storage` key: commands that look at stored state (`status`, `force-unlock`,
 * `migrate-storage`) must keep working while the rest of the configuration is being edited.
 *
 * @example
 * const { store, diagnostics } = await openConfiguredStore({ configDir: 'company-brain' });
 */
export async function openConfiguredStore(
  options: ClusterCommandOptions,
): Promise<ConfiguredStore> {
  const read = await readClusterConfig(options.configDir);
  if (!read.ok) {
    const { failure } = read;
    const code =
      failure.kind === 'config_dir_missing' ? 'config_dir_not_found' : 'cluster_config_read_error';
    return { diagnostics: [errorAt(code, CLUSTER_CONFIG_FILE, failure.message)] };
  }
  const parsed = parseConfigYaml(read.file.text, CLUSTER_CONFIG_FILE);
  if (!parsed.ok) return { diagnostics: parsed.diagnostics };
  const context: CheckContext = { yaml: parsed.yaml, diagnostics: [] };
  const configDir = path.resolve(options.configDir);
  const root = checkStorageRoot(context, valueAt(parsed.yaml.value, ['storage']), configDir);
  if (root === undefined) return { diagnostics: context.diagnostics };
  const s3 = resolveSettings(options.settings).s3;
  return {
    store: openClusterStore(root, { s3, cwd: configDir }),
    diagnostics: context.diagnostics,
  };
}

import path from 'node:path';
import { resolveSettings, type SettingsInput } from '../../api/settings.js';
import {
  errorAt,
  isClusterError,
  openClusterStore,
  openConfiguredStore,
  type ClusterStore,
  type Diagnostic,
} from '../../cluster/index.js';

/** The store a boot source names, and what finding it reported. */
export interface BootStore {
  /** Absent when the source names no usable storage root (an error diagnostic says why). */
  readonly store?: ClusterStore;
  readonly diagnostics: readonly Diagnostic[];
}

/** True for a storage-root URI (`s3://…`, `file://…`): the server then reads no local file. */
export function isStorageRootUri(source: string): boolean {
  return source.includes('://');
}

/**
 * Opens the storage root a boot source names. A `://` source is the root itself, read
 * config-free; anything else is a config directory, whose `cluster.yaml` is read only for its
 * `storage` key (everything served comes from the applied revision under that root).
 */
export async function openBootStore(
  source: string,
  options: { readonly settings?: SettingsInput; readonly cwd?: string },
): Promise<BootStore> {
  const cwd = options.cwd ?? process.cwd();
  if (!isStorageRootUri(source)) {
    return openConfiguredStore({
      configDir: path.resolve(cwd, source),
      ...(options.settings === undefined ? {} : { settings: options.settings }),
    });
  }
  try {
    const s3 = resolveSettings(options.settings).s3;
    return { store: openClusterStore(source, { s3, cwd }), diagnostics: [] };
  } catch (error) {
    if (!isClusterError(error)) throw error;
    return { diagnostics: [errorAt('storage_root_invalid', source, error.message)] };
  }
}

import { stat } from 'node:fs/promises';
import path from 'node:path';
import { settingsFromEnv } from '../../api/index.js';
import {
  openClusterStore,
  openConfiguredStore,
  readState,
  type ClusterState,
  type ClusterStore,
} from '../../cluster/index.js';
import { OmniError } from '../../util/omni-error.js';
import type { CliIo } from '../cli-io.js';
import { diagnosticLines } from './diagnostic-lines.js';

/** A cluster addressed by `--cluster`: its store and the revision it has applied. */
export interface ClusterScope {
  readonly store: ClusterStore;
  readonly state: ClusterState;
}

/**
 * Opens the cluster `--cluster` names: a config directory (one holding `cluster.yaml`, whose
 * `storage` key says where the cluster lives) or a storage root itself (`s3://bucket/prefix`,
 * `file://…`, a path). Verbs addressed this way work on what was applied, so a root without a
 * ledger is refused.
 */
export async function openClusterScope(io: CliIo, target: string): Promise<ClusterScope> {
  const store = await storeOf(io, target);
  const read = await readState(store);
  if (read.kind === 'absent') {
    throw new OmniError(
      'not_found',
      `no cluster has been applied at ${store.uri} (no __cluster/state.json); run \`omnigraph cluster import\` and \`apply\` first`,
    );
  }
  return { store, state: read.state };
}

async function storeOf(io: CliIo, target: string): Promise<ClusterStore> {
  const settings = settingsFromEnv(io.env);
  const local = !/^[a-z][a-z0-9+.-]*:\/\//i.test(target);
  const dir = path.resolve(io.cwd, target);
  if (local && (await isFile(path.join(dir, 'cluster.yaml')))) {
    const { store, diagnostics } = await openConfiguredStore({ configDir: dir, settings });
    if (store !== undefined) return store;
    throw new OmniError(
      'configuration',
      [`cannot find the storage root of ${target}:`, ...diagnosticLines(diagnostics)].join('\n'),
    );
  }
  return openClusterStore(target, { s3: settings.s3, cwd: io.cwd });
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (info) => info.isFile(),
    () => false,
  );
}

/** The ids of the graphs the applied revision holds, sorted. */
export function appliedGraphIds(state: ClusterState): string[] {
  return Object.keys(state.applied_revision.resources)
    .filter((address) => address.startsWith('graph.'))
    .map((address) => address.slice('graph.'.length))
    .sort();
}

/**
 * The graph a cluster-scoped verb works on: `--graph` when given (it must be applied), else the
 * one graph of a cluster that has exactly one.
 */
export function selectGraph(scope: ClusterScope, graph: string | undefined): string {
  const ids = appliedGraphIds(scope.state);
  const candidates = ids.length === 0 ? 'none' : ids.join(', ');
  if (graph !== undefined) {
    if (ids.includes(graph)) return graph;
    throw new OmniError(
      'not_found',
      `graph '${graph}' is not applied in the cluster at ${scope.store.uri} (applied graphs: ${candidates})`,
    );
  }
  const [only] = ids;
  if (only !== undefined && ids.length === 1) return only;
  throw new OmniError(
    'usage',
    `the cluster at ${scope.store.uri} has ${ids.length === 0 ? 'no applied graphs' : `${ids.length} applied graphs`}; pass --graph <id> (applied graphs: ${candidates})`,
  );
}

import path from 'node:path';
import { settingsFromEnv } from '../../api/index.js';
import { openClusterStore, STATE_KEY } from '../../cluster/index.js';
import { OmniError } from '../../util/omni-error.js';
import { formatStoreUri, parseStoreUri, type StoreLocation } from '../../util/store-uri.js';
import type { CliIo } from '../cli-io.js';

/**
 * Refuses to `init` a graph at `<root>/graphs/<id>.omni` when `<root>` holds an established
 * cluster (its `__cluster/state.json` exists): graph roots of a cluster are created, migrated
 * and deleted by `omnigraph cluster apply`, and a graph made behind its back would be adopted
 * or clobbered by the next apply.
 */
export async function refuseClusterGraphRoot(io: CliIo, target: string): Promise<void> {
  const root = clusterRootOf(parseStoreUri(target, io.cwd));
  if (root === undefined) return;
  const store = openClusterStore(root, { s3: settingsFromEnv(io.env).s3 });
  if ((await store.objects.head(STATE_KEY)) === undefined) return;
  throw new OmniError(
    'conflict',
    `${target} is a graph root of the cluster stored at ${store.uri}; graphs of a cluster are created by \`omnigraph cluster apply\`: declare it under graphs: in cluster.yaml`,
  );
}

/** The storage root `<root>` of a location shaped `<root>/graphs/<id>.omni`, if it is one. */
function clusterRootOf(location: StoreLocation): string | undefined {
  if (location.kind === 'file') {
    const graphs = path.dirname(location.path);
    if (!isGraphRoot(path.basename(graphs), path.basename(location.path))) return undefined;
    return formatStoreUri({ kind: 'file', path: path.dirname(graphs) });
  }
  if (location.kind === 's3') {
    const parts = location.prefix.split('/').filter((part) => part !== '');
    const [graphs, leaf] = parts.slice(-2);
    if (graphs === undefined || leaf === undefined || !isGraphRoot(graphs, leaf)) return undefined;
    return formatStoreUri({ ...location, prefix: parts.slice(0, -2).join('/') });
  }
  return undefined;
}

function isGraphRoot(parent: string, leaf: string): boolean {
  return parent === 'graphs' && leaf.endsWith('.omni') && leaf.length > '.omni'.length;
}

import type { SettingsInput } from '../../api/settings.js';
import { messageOf } from '../../util/omni-error.js';
import { graphAddress } from '../resources/resource-address.js';
import { sha256Hex } from '../resources/resource-digest.js';
import type { GraphObservation } from '../state/cluster-state.js';
import type { ClusterStore } from '../state/cluster-store.js';
import { withGraph } from './open-graph.js';

/**
 * Observes graph `graphId` read-only at its derived root (`store.graphUri(graphId)`), on
 * `main`: whether the root exists, its manifest version, and its live schema digest (the
 * sha256 of the stored `.pg` source, comparable with a schema file's digest). A root that
 * exists but does not open is an observation with `error`, not a failure.
 *
 * @example
 * const seen = await observeGraph(store, 'knowledge', desired.graphs.get('knowledge')?.schema.digest);
 * seen.schema_matches_desired; // false after an out-of-band `schema apply`
 */
export async function observeGraph(
  store: ClusterStore,
  graphId: string,
  desiredSchemaDigest: string | undefined,
  settings?: SettingsInput,
  now: Date = new Date(),
): Promise<GraphObservation> {
  const base = {
    kind: 'graph' as const,
    address: graphAddress(graphId),
    graph_uri: store.graphUri(graphId),
    observed_at: now.toISOString(),
    ...(desiredSchemaDigest === undefined ? {} : { desired_schema_digest: desiredSchemaDigest }),
  };
  let exists: boolean;
  try {
    exists = await store.graphRootExists(graphId);
  } catch (error) {
    return { ...base, exists: false, error: `cannot list the graph root: ${messageOf(error)}` };
  }
  if (!exists) return { ...base, exists: false };
  try {
    const live = await withGraph(base.graph_uri, 'read-only', settings, async (graph) => {
      const [schema, snapshot] = await Promise.all([graph.getSchema(), graph.snapshot()]);
      return { digest: sha256Hex(schema.schema_source), version: snapshot.graph_manifest_version };
    });
    return {
      ...base,
      exists: true,
      graph_manifest_version: live.version,
      schema_digest: live.digest,
      ...(desiredSchemaDigest === undefined
        ? {}
        : { schema_matches_desired: live.digest === desiredSchemaDigest }),
    };
  } catch (error) {
    return { ...base, exists: true, error: messageOf(error) };
  }
}

import {
  catalogPayloadKey,
  verifyCatalogPayload,
  type AppliedResource,
  type CatalogPayload,
} from '../../cluster/index.js';
import { loadPolicy, type Policy } from '../../policy/index.js';
import { OmniError } from '../../util/omni-error.js';
import type { ClusterScope } from './cluster-scope.js';

/** A stored query: its name and the source of the file that declares it, from the catalog. */
export interface StoredQuery {
  readonly name: string;
  readonly digest: string;
  /** Where its payload is stored (named in parse errors). */
  readonly path: string;
  readonly source: string;
}

const decoder = new TextDecoder();

/**
 * The stored queries the cluster applied for `graph`, in name order, read from the catalog and
 * checked against their recorded digests: a verb must not act on a payload that changed.
 */
export async function storedQueries(scope: ClusterScope, graph: string): Promise<StoredQuery[]> {
  const prefix = `query.${graph}.`;
  const queries = Object.entries(scope.state.applied_revision.resources)
    .filter(([address]) => address.startsWith(prefix))
    .map(([address, { digest }]) => ({ name: address.slice(prefix.length), digest }));
  return Promise.all(
    queries.map(async ({ name, digest }) => {
      const payload: CatalogPayload = { kind: 'query', graph, name, digest };
      const { bytes, path } = await payloadBytes(scope, payload);
      return { name, digest, path, source: decoder.decode(bytes) };
    }),
  );
}

/**
 * The policy bundle that applies to `graph` (a bundle bound to `graph.<id>`), or without one
 * the `cluster`-bound bundle: compiled from the catalog payload the cluster applied.
 */
export async function storedPolicy(
  scope: ClusterScope,
  graph: string | undefined,
): Promise<Policy> {
  const binding = graph === undefined ? 'cluster' : `graph.${graph}`;
  const found = Object.entries(scope.state.applied_revision.resources).find(
    ([address, resource]) => address.startsWith('policy.') && bindsTo(resource, binding),
  );
  if (found === undefined) {
    throw new OmniError(
      'not_found',
      `no applied policy bundle of the cluster at ${scope.store.uri} applies to ${binding}`,
    );
  }
  const [address, { digest }] = found;
  const name = address.slice('policy.'.length);
  const { bytes } = await payloadBytes(scope, { kind: 'policy', name, digest });
  return loadPolicy(decoder.decode(bytes), name);
}

function bindsTo(resource: AppliedResource, binding: string): boolean {
  return resource.applies_to?.includes(binding) === true;
}

async function payloadBytes(
  scope: ClusterScope,
  payload: CatalogPayload,
): Promise<{ bytes: Uint8Array; path: string }> {
  const check = await verifyCatalogPayload(scope.store, payload);
  if (check.kind === 'failed') {
    const { message } = check.diagnostic;
    throw new OmniError('permanent', `${message}; run \`omnigraph cluster refresh\` and \`apply\``);
  }
  return { bytes: check.bytes, path: scope.store.displayPath(catalogPayloadKey(payload)) };
}

import type { DesiredCluster } from '../config/desired-cluster.js';
import type { ExternalBlobPolicy } from '../config/external-blob-policy.js';
import { parseResourceAddress } from '../resources/resource-address.js';
import type { AppliedResource } from '../state/cluster-state.js';

/**
 * The ledger entry apply records for a desired resource: its digest plus the metadata serving
 * needs without the config (a policy's bindings, a graph's provider and blob policy, a
 * provider's profile). Undefined when `address` is not desired.
 */
export function desiredEntry(
  desired: DesiredCluster,
  address: string,
): AppliedResource | undefined {
  const parsed = parseResourceAddress(address);
  if (parsed === undefined) return undefined;
  switch (parsed.kind) {
    case 'graph': {
      const graph = desired.graphs.get(parsed.graph);
      if (graph === undefined) return undefined;
      return {
        digest: graph.digest,
        ...(graph.embeddingProvider === undefined
          ? {}
          : { embedding_provider: graph.embeddingProvider }),
        ...(graph.externalBlobPolicy === undefined
          ? {}
          : { external_blob_policy: cloneBlobPolicy(graph.externalBlobPolicy) }),
      };
    }
    case 'schema': {
      const graph = desired.graphs.get(parsed.graph);
      return graph === undefined ? undefined : { digest: graph.schema.digest };
    }
    case 'query': {
      const query = desired.graphs
        .get(parsed.graph)
        ?.queries.find((candidate) => candidate.name === parsed.name);
      return query === undefined ? undefined : { digest: query.digest };
    }
    case 'policy': {
      const policy = desired.policies.get(parsed.name);
      return policy === undefined
        ? undefined
        : { digest: policy.digest, applies_to: [...policy.bindings] };
    }
    case 'embedding_provider': {
      const provider = desired.providers.get(parsed.name);
      return provider === undefined
        ? undefined
        : { digest: provider.digest, embedding_profile: { ...provider.profile } };
    }
  }
}

function cloneBlobPolicy(
  policy: ExternalBlobPolicy,
): NonNullable<AppliedResource['external_blob_policy']> {
  return { mode: policy.mode, bases: policy.bases.map((base) => ({ ...base })) };
}

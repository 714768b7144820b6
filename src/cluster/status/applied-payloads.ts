import { parseResourceAddress } from '../resources/resource-address.js';
import type { CatalogPayload } from '../state/catalog-payload.js';
import type { ClusterState } from '../state/cluster-state.js';

/**
 * The catalog payloads the applied revision records: one per `query.*` and `policy.*`
 * resource, in address order.
 *
 * @example appliedPayloads(state) // [{ kind: 'policy', name: 'base', digest: '9f…' }, …]
 */
export function appliedPayloads(state: ClusterState): CatalogPayload[] {
  return Object.entries(state.applied_revision.resources).flatMap(
    ([address, { digest }]): CatalogPayload[] => {
      const parsed = parseResourceAddress(address);
      if (parsed?.kind === 'query') {
        return [{ kind: 'query', graph: parsed.graph, name: parsed.name, digest }];
      }
      if (parsed?.kind === 'policy') return [{ kind: 'policy', name: parsed.name, digest }];
      return [];
    },
  );
}

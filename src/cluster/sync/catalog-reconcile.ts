import type { DesiredCluster } from '../config/desired-cluster.js';
import { warningAt, type Diagnostic } from '../diagnostic.js';
import type { LedgerDraft } from '../apply/ledger-draft.js';
import { parseResourceAddress } from '../resources/resource-address.js';
import { verifyCatalogPayload, type CatalogPayload } from '../state/catalog-payload.js';
import type { ClusterStore } from '../state/cluster-store.js';

/**
 * `refresh`: verifies the catalog payload of every recorded query and policy. A missing or
 * damaged one is `drifted` and leaves the applied resources (self-heal: the next apply
 * publishes it again); one that cannot be read is an `error` and stays recorded.
 */
export async function verifyRecordedCatalog(
  store: ClusterStore,
  draft: LedgerDraft,
  diagnostics: Diagnostic[],
): Promise<void> {
  for (const [address, entry] of Object.entries(draft.resources)) {
    const payload = payloadOf(address, entry.digest);
    if (payload === undefined) continue;
    const check = await verifyCatalogPayload(store, payload);
    if (check.kind === 'verified') {
      if (draft.statuses[address]?.status === 'drifted') draft.setStatus(address, 'applied');
      continue;
    }
    diagnostics.push(check.diagnostic);
    if (check.condition === 'payload_read_error') {
      draft.setStatus(address, 'error', [check.condition], check.diagnostic.message);
      continue;
    }
    Reflect.deleteProperty(draft.resources, address);
    draft.setStatus(address, 'drifted', [check.condition], check.diagnostic.message);
  }
}

/**
 * `import`: adopts every declared query and policy whose payload the catalog already holds with
 * the declared digest (a ledger rebuilt over an existing catalog). A missing payload is simply
 * not adopted; a damaged or unreadable one is reported.
 */
export async function adoptCatalog(
  store: ClusterStore,
  desired: DesiredCluster,
  draft: LedgerDraft,
  diagnostics: Diagnostic[],
): Promise<void> {
  for (const { address, digest, kind } of desired.resources.resources) {
    if (kind !== 'query' && kind !== 'policy') continue;
    const payload = payloadOf(address, digest);
    if (payload === undefined) continue;
    const check = await verifyCatalogPayload(store, payload);
    if (check.kind === 'verified') {
      draft.recordDesired(desired, address);
      draft.setStatus(address, 'applied');
    } else if (check.condition !== 'payload_missing') {
      const { code, path, message } = check.diagnostic;
      diagnostics.push(
        check.diagnostic.severity === 'error' ? check.diagnostic : warningAt(code, path, message),
      );
    }
  }
}

function payloadOf(address: string, digest: string): CatalogPayload | undefined {
  const parsed = parseResourceAddress(address);
  if (parsed?.kind === 'query') {
    return { kind: 'query', graph: parsed.graph, name: parsed.name, digest };
  }
  if (parsed?.kind === 'policy') return { kind: 'policy', name: parsed.name, digest };
  return undefined;
}

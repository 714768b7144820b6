import {
  appliedPayloads,
  errorAt,
  payloadAddress,
  verifyCatalogPayload,
  type ClusterState,
  type ClusterStore,
  type Diagnostic,
} from '../../cluster/index.js';

/** Every catalog payload of the applied revision, verified, as text by resource address. */
export interface CatalogTexts {
  /** `query.<graph>.<name>` or `policy.<name>` → the payload's text. */
  readonly texts: ReadonlyMap<string, string>;
  /** Missing, damaged or unreadable payloads: each refuses the boot. */
  readonly diagnostics: readonly Diagnostic[];
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads and re-hashes every query and policy payload the applied revision records. The catalog
 * is shared by every graph, so any payload that is missing (`catalog_payload_missing`), does
 * not hash to its recorded digest (`catalog_payload_digest_mismatch`) or cannot be read is
 * fatal, not a reason to quarantine one graph.
 */
export async function readCatalogTexts(
  store: ClusterStore,
  state: ClusterState,
): Promise<CatalogTexts> {
  const texts = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const payloads = appliedPayloads(state);
  const checks = await Promise.all(payloads.map((payload) => verifyCatalogPayload(store, payload)));
  payloads.forEach((payload, index) => {
    const check = checks[index];
    if (check === undefined) return;
    if (check.kind === 'verified') {
      texts.set(payloadAddress(payload), decoder.decode(check.bytes));
      return;
    }
    const { code, path, message } = check.diagnostic;
    const fatalCode =
      code === 'catalog_payload_mismatch' ? 'catalog_payload_digest_mismatch' : code;
    diagnostics.push(errorAt(fatalCode, path, message));
  });
  return { texts, diagnostics };
}

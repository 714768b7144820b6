import type { PlanChange } from '../plan/plan-output.js';
import { parseResourceAddress } from '../resources/resource-address.js';
import { isClusterError } from '../state/cluster-error.js';
import { putCatalogPayload, type CatalogPayload } from '../state/catalog-payload.js';
import { appliedChanges, failChange, type ApplyRun } from './apply-run.js';

/**
 * Publishes every query, policy and provider the plan creates or updates: payloads into the
 * content-addressed catalog (before the state write that records them), then the ledger
 * entries. A payload that cannot be stored leaves its resource unapplied.
 */
export async function writeCatalog(run: ApplyRun): Promise<void> {
  const writes = appliedChanges(run, (c) => c.operation !== 'delete');
  for (const change of writes) {
    const parsed = parseResourceAddress(change.resource);
    if (parsed === undefined) continue;
    if (parsed.kind === 'query' || parsed.kind === 'policy') {
      await publish(run, change, payloadOf(run, change.resource));
    } else if (parsed.kind === 'embedding_provider') {
      run.draft.recordDesired(run.desired, change.resource);
    }
  }
}

type PayloadSource = { payload: CatalogPayload; bytes: Uint8Array } | undefined;

function payloadOf(run: ApplyRun, address: string): PayloadSource {
  const parsed = parseResourceAddress(address);
  if (parsed?.kind === 'query') {
    const query = run.desired.graphs
      .get(parsed.graph)
      ?.queries.find((candidate) => candidate.name === parsed.name);
    if (query === undefined) return undefined;
    const payload = { kind: 'query', graph: parsed.graph, name: parsed.name, digest: query.digest };
    return { payload: payload as CatalogPayload, bytes: query.bytes };
  }
  if (parsed?.kind === 'policy') {
    const policy = run.desired.policies.get(parsed.name);
    if (policy === undefined) return undefined;
    return {
      payload: { kind: 'policy', name: parsed.name, digest: policy.digest },
      bytes: policy.bytes,
    };
  }
  return undefined;
}

async function publish(run: ApplyRun, change: PlanChange, source: PayloadSource): Promise<void> {
  if (source === undefined) return;
  try {
    await putCatalogPayload(run.store, source.payload, source.bytes);
  } catch (error) {
    if (!isClusterError(error)) throw error;
    run.diagnostics.push(error.diagnostic);
    failChange(run, change, 'resource_payload_write_error');
    run.draft.setStatus(change.resource, 'error', [], error.diagnostic.message);
    return;
  }
  run.draft.recordDesired(run.desired, change.resource);
}

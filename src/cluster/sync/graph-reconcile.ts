import { warningAt, type Diagnostic } from '../diagnostic.js';
import type { LedgerDraft } from '../apply/ledger-draft.js';
import type { CommandContext } from '../plan/command-context.js';
import { observeGraph } from '../observe/observe-graph.js';
import { graphAddress, schemaAddress } from '../resources/resource-address.js';
import type { GraphObservation } from '../state/cluster-state.js';

/**
 * Observes every declared graph read-only and makes the ledger say what is there: a recorded
 * graph whose root is gone is `drifted` (`graph_missing`) and leaves the applied resources, so
 * the next plan creates it again; a live schema is recorded as it is, `drifted`
 * (`schema_mismatch`) when it is not the desired one, so the next plan migrates it back; a
 * graph that does not open is an `error`. Graph composites follow.
 */
export async function reconcileGraphs(
  context: CommandContext,
  draft: LedgerDraft,
  diagnostics: Diagnostic[],
): Promise<void> {
  const { desired, store, settings, now } = context;
  for (const graph of desired.graphs.values()) {
    const seen = await observeGraph(store, graph.id, graph.schema.digest, settings, now());
    draft.observations[graph.address] = seen;
    reconcileGraph(draft, graph.id, seen, diagnostics);
    draft.recomputeGraph(desired, graph.id);
  }
}

function reconcileGraph(
  draft: LedgerDraft,
  id: string,
  seen: GraphObservation,
  diagnostics: Diagnostic[],
): void {
  const graph = graphAddress(id);
  const schema = schemaAddress(id);
  if (seen.error !== undefined) {
    draft.setStatus(graph, 'error', [], seen.error);
    diagnostics.push(
      warningAt('graph_observation_error', graph, `cannot observe ${graph}: ${seen.error}`),
    );
    return;
  }
  if (!seen.exists || seen.schema_digest === undefined) {
    if (draft.resources[graph] === undefined && draft.resources[schema] === undefined) return;
    draft.forget(graph);
    draft.forget(schema);
    draft.setStatus(graph, 'drifted', ['graph_missing'], `no graph at ${seen.graph_uri}`);
    return;
  }
  draft.record(schema, { digest: seen.schema_digest });
  if (seen.schema_matches_desired === false) {
    const message = `the live schema (${seen.schema_digest}) is not the declared one`;
    draft.setStatus(schema, 'drifted', ['schema_mismatch'], message);
    draft.setStatus(graph, 'drifted', ['schema_mismatch'], message);
    return;
  }
  for (const address of [graph, schema]) {
    const status = draft.statuses[address];
    if (status === undefined || status.status === 'drifted') draft.setStatus(address, 'applied');
  }
}

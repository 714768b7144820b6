import type { GraphObservation } from '../state/cluster-state.js';
import type { RecoverySidecar } from '../state/recovery-sidecar.js';

/**
 * What the sweep does with one sidecar (the rows of the recovery table):
 * - `retire`: nothing to record (rows 1, 2, 7); the sidecar is removed after the state write;
 * - `roll_forward`: the operation completed; the ledger records it (rows 3, 4);
 * - `create_incomplete`: a created root that does not open; kept, the graph is errored (row 5);
 * - `pending`: the graph matches neither side; kept, graph work blocked (rows 6, 6');
 * - `tombstone`: a delete completed but the ledger is stale; it is recorded (row 7b);
 * - `delete_incomplete`: a delete left the root; retired, the delete is proposed again (row 8).
 */
export type SweepDecision =
  | { readonly action: 'retire'; readonly row: '1' | '2' | '7' }
  | { readonly action: 'roll_forward'; readonly row: '3' | '4' }
  | { readonly action: 'create_incomplete'; readonly row: '5' }
  | { readonly action: 'pending'; readonly row: '6' | "6'" }
  | { readonly action: 'tombstone'; readonly row: '7b' }
  | { readonly action: 'delete_incomplete'; readonly row: '8' };

/** What the sweep knows of a sidecar's graph: observed live, and as the ledger records it. */
export interface SweepFacts {
  /** Create and schema apply: the graph observed read-only. */
  readonly observation?: GraphObservation;
  /** Delete: whether any object remains under the graph root. */
  readonly rootExists?: boolean;
  /** The schema digest the ledger records for the graph. */
  readonly recordedSchemaDigest: string | undefined;
  /** The ledger still records the graph. */
  readonly graphRecorded: boolean;
}

/** Classifies one sidecar (roll-forward only: nothing is ever undone). */
export function decideSweep(sidecar: RecoverySidecar, facts: SweepFacts): SweepDecision {
  if (sidecar.kind === 'graph_delete') {
    if (facts.rootExists === true) return { action: 'delete_incomplete', row: '8' };
    return facts.graphRecorded
      ? { action: 'tombstone', row: '7b' }
      : { action: 'retire', row: '7' };
  }
  const seen = facts.observation;
  if (seen === undefined || !seen.exists) {
    return sidecar.kind === 'graph_create'
      ? { action: 'retire', row: '1' }
      : { action: 'pending', row: "6'" };
  }
  if (seen.schema_digest === undefined) {
    return sidecar.kind === 'graph_create'
      ? { action: 'create_incomplete', row: '5' }
      : { action: 'pending', row: "6'" };
  }
  if (seen.schema_digest === facts.recordedSchemaDigest) return { action: 'retire', row: '2' };
  if (seen.schema_digest === sidecar.desired_schema_digest) {
    return { action: 'roll_forward', row: sidecar.kind === 'graph_create' ? '4' : '3' };
  }
  return { action: 'pending', row: '6' };
}

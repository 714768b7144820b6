import type { Diagnostic } from '../diagnostic.js';
import type { StateObservations } from '../state/state-observations.js';

/** What happened to the ledger at the destination. */
export type LedgerOutcome =
  /** Written by this run: the cutover. */
  | 'written'
  /** Already there with the same bytes: an earlier run completed, so nothing was copied. */
  | 'present'
  /** Not written: the run stopped before the cutover (see the diagnostics). */
  | 'not_written';

/** What `omnigraph cluster migrate-storage <dest-uri> --json` prints (wire names). */
export interface MigrateStorageOutput {
  readonly ok: boolean;
  readonly config_dir: string;
  /** The current storage root (canonical URI); absent when cluster.yaml names none usable. */
  readonly source?: string;
  /** The destination root (canonical URI); absent when the argument is not a storage root. */
  readonly destination?: string;
  /** Objects written to the destination by this run. */
  readonly objects_copied: number;
  /** Objects the destination already held with the same content. */
  readonly objects_skipped: number;
  readonly bytes_copied: number;
  readonly ledger: LedgerOutcome;
  /** The line to put in cluster.yaml once the ledger is at the destination. */
  readonly storage_line?: string;
  /** The destination's ledger and lock after the run. */
  readonly state_observations?: StateObservations;
  readonly diagnostics: readonly Diagnostic[];
}

import { LedgerDraft } from '../apply/ledger-draft.js';
import { retireSidecars } from '../apply/apply-cluster.js';
import type { ClusterCommandOptions } from '../command-options.js';
import { allPassed, type Diagnostic } from '../diagnostic.js';
import {
  loadCommand,
  observeLedger,
  reportingClusterErrors,
  underLock,
  type CommandContext,
} from '../plan/command-context.js';
import { sweepRecoveries } from '../recovery/recovery-sweep.js';
import { emptyClusterState, type ClusterState } from '../state/cluster-state.js';
import { readState, writeState, type StateRead } from '../state/state-ledger.js';
import { stateObservations } from '../state/state-observations.js';
import type { StateSyncOutput } from './state-sync-output.js';

/** One state-syncing command: how it starts from the ledger and what it adds to the draft. */
export interface StateSync {
  readonly operation: 'refresh' | 'import';
  /** The ledger the command starts from, or `undefined` (with a diagnostic) to stop. */
  readonly base: (
    read: StateRead,
    context: CommandContext,
    diagnostics: Diagnostic[],
  ) => ClusterState | undefined;
  /** Observes and edits the draft after the recovery sweep. */
  readonly sync: (
    context: CommandContext,
    draft: LedgerDraft,
    diagnostics: Diagnostic[],
  ) => Promise<void>;
}

/**
 * Runs `refresh` or `import`: under the lock, reads the ledger, sweeps recovery sidecars,
 * lets the command observe and edit, and writes the ledger with one CAS (create-only for
 * `import`); swept sidecars are removed after the write.
 */
export async function runStateSync(
  options: ClusterCommandOptions,
  command: StateSync,
): Promise<StateSyncOutput> {
  const loaded = await loadCommand(options);
  const empty = { operation: command.operation, config_dir: options.configDir };
  if (loaded.kind === 'failed') {
    const diagnostics = [...loaded.diagnostics];
    return {
      ok: false,
      ...empty,
      resource_digests: {},
      resource_statuses: {},
      observations: {},
      diagnostics,
    };
  }
  const diagnostics = [...loaded.diagnostics];
  const synced = await reportingClusterErrors(diagnostics, () =>
    underLock(loaded, command.operation, async (lock) => {
      const read = await readState(loaded.store);
      const start = command.base(read, loaded, diagnostics);
      const observe = (state: StateRead) =>
        stateObservations(loaded.store, { state, acquired: lock, now: loaded.now() });
      if (start === undefined) return { state: undefined, observations: observe(read) };
      const draft = new LedgerDraft(start);
      const sweep = await sweepRecoveries({ ...loaded, draft });
      diagnostics.push(...sweep.diagnostics);
      await command.sync(loaded, draft, diagnostics);
      if (changedResources(start, draft)) draft.configDigest = undefined;
      const written = await writeState(loaded.store, draft.toState(), read);
      await retireSidecars(loaded.store, sweep.retired, diagnostics);
      return { state: written.state, observations: observe(written) };
    }),
  );
  const state = synced?.state ?? emptyClusterState();
  return {
    ok: allPassed(diagnostics),
    ...empty,
    state_observations: synced?.observations ?? (await observeLedger(loaded)),
    resource_digests: Object.fromEntries(
      Object.entries(state.applied_revision.resources).map(([address, entry]) => [
        address,
        entry.digest,
      ]),
    ),
    resource_statuses: state.resource_statuses,
    observations: state.observations,
    diagnostics,
  };
}

function changedResources(start: ClusterState, draft: LedgerDraft): boolean {
  return (
    JSON.stringify(sortKeys(start.applied_revision.resources)) !==
    JSON.stringify(sortKeys(draft.resources))
  );
}

function sortKeys(record: Record<string, unknown>): [string, unknown][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

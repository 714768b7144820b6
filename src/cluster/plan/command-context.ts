import { resolveSettings, type SettingsInput } from '../../api/settings.js';
import type { ClusterCommandOptions } from '../command-options.js';
import { loadCluster } from '../config/load-cluster.js';
import type { DesiredCluster } from '../config/desired-cluster.js';
import type { Diagnostic } from '../diagnostic.js';
import { isClusterError } from '../state/cluster-error.js';
import { openClusterStore, type ClusterStore } from '../state/cluster-store.js';
import { ABSENT_STATE, readState, type StateRead } from '../state/state-ledger.js';
import { readLock, withLock, type LockRecord } from '../state/state-lock.js';
import { stateObservations, type StateObservations } from '../state/state-observations.js';

/** A command whose configuration loaded: the desired cluster and its store. */
export interface CommandContext {
  readonly desired: DesiredCluster;
  readonly store: ClusterStore;
  /** The configuration's warnings. */
  readonly diagnostics: readonly Diagnostic[];
  readonly settings: SettingsInput | undefined;
  readonly now: () => Date;
}

/** What loading a command's configuration gave. */
export type CommandLoad =
  | ({ readonly kind: 'loaded' } & CommandContext)
  | { readonly kind: 'failed'; readonly diagnostics: readonly Diagnostic[] };

/**
 * Loads and validates the configuration of a state command and opens the store at its
 * storage root. Failures (invalid config, invalid root) are returned as diagnostics.
 */
export async function loadCommand(options: ClusterCommandOptions): Promise<CommandLoad> {
  const { desired, diagnostics } = await loadCluster(options.configDir);
  if (desired === undefined) return { kind: 'failed', diagnostics };
  const settings = options.settings;
  try {
    const store = openClusterStore(desired.storageRoot, { s3: resolveSettings(settings).s3 });
    return {
      kind: 'loaded',
      desired,
      store,
      diagnostics,
      settings,
      now: options.now ?? (() => new Date()),
    };
  } catch (error) {
    if (!isClusterError(error)) throw error;
    return { kind: 'failed', diagnostics: [...diagnostics, error.diagnostic] };
  }
}

/**
 * Runs `fn` holding the state lock for `operation`, or without it when the configuration turns
 * locking off (`state.lock: false`, already warned about by validation).
 */
export function underLock<T>(
  context: CommandContext,
  operation: string,
  fn: (lock: LockRecord | undefined) => Promise<T>,
): Promise<T> {
  if (context.desired.config.state?.lock === false) return fn(undefined);
  return withLock(context.store, operation, fn, { now: context.now });
}

/**
 * Runs `fn`, turning a {@link ClusterError} (an expected failure: a held lock, a lost CAS, a
 * storage error) into its diagnostic appended to `diagnostics`; anything else is a bug and
 * propagates.
 */
export async function reportingClusterErrors<T>(
  diagnostics: Diagnostic[],
  fn: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    if (!isClusterError(error)) throw error;
    diagnostics.push(error.diagnostic);
    return undefined;
  }
}

/**
 * The ledger and lock as they are now, for the output of a command that failed before it could
 * observe them itself (a held lock, a lost CAS). What cannot be read is left out.
 */
export async function observeLedger(context: CommandContext): Promise<StateObservations> {
  const state: StateRead = await readState(context.store).catch(() => ABSENT_STATE);
  const lock = await readLock(context.store).catch(() => undefined);
  return stateObservations(context.store, { state, lock, now: context.now() });
}

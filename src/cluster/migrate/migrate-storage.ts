import { resolveSettings } from '../../api/settings.js';
import { isOmniError, messageOf } from '../../util/omni-error.js';
import type { ClusterCommandOptions } from '../command-options.js';
import { allPassed, errorAt, type Diagnostic } from '../diagnostic.js';
import { parseResourceAddress } from '../resources/resource-address.js';
import { clusterError, storageCodeOf } from '../state/cluster-error.js';
import {
  APPROVALS_PREFIX,
  CLUSTER_PREFIX,
  GRAPHS_PREFIX,
  LOCK_KEY,
  STATE_KEY,
} from '../state/cluster-keys.js';
import { STATE_DOCUMENT, type ClusterState, type Observation } from '../state/cluster-state.js';
import { openClusterStore, type ClusterStore } from '../state/cluster-store.js';
import { listRecoverySidecars } from '../state/recovery-sidecar.js';
import { readState } from '../state/state-ledger.js';
import { readLock, withLock } from '../state/state-lock.js';
import { stateObservations } from '../state/state-observations.js';
import { encodeDocument, putDocument } from '../state/stored-document.js';
import { openConfiguredStore } from '../status/configured-store.js';
import { orDiagnostic, readStateAndLock } from '../status/state-and-lock.js';
import { copyObjects, type CopyTally } from './copy-objects.js';
import type { LedgerOutcome, MigrateStorageOutput } from './migrate-output.js';

/** What is copied, in this order: graph roots, the catalog, approvals. The ledger comes last. */
const COPIED_PREFIXES = [GRAPHS_PREFIX, `${CLUSTER_PREFIX}resources/`, APPROVALS_PREFIX] as const;

/** Options of {@link migrateStorage}. */
export interface MigrateStorageOptions extends ClusterCommandOptions {
  /** The new storage root: `s3://bucket/prefix`, `file:///abs/dir` or a path. */
  readonly destination: string;
  /** Receives one line per step, for people watching (the CLI writes them to stderr). */
  readonly onProgress?: (line: string) => void;
}

/** Options of {@link migrateBetween}. */
export interface MigrateBetweenOptions {
  readonly configDir: string;
  readonly now?: () => Date;
  readonly onProgress?: (line: string) => void;
}

/**
 * `omnigraph cluster migrate-storage <dest-uri>`: moves a cluster to another storage root by
 * copying its graph roots, catalog and approvals there, then writing the ledger at the
 * destination last, with a create-only put. That write is the cutover: until it happens the
 * destination is not a cluster, and a run that stopped is resumed by running it again (objects
 * already copied are skipped). A destination that holds a ledger is never written to: the same
 * ledger means the migration is done, another one is refused (`state_already_exists`). The
 * source is left as it was, and cluster.yaml is not edited: `storage_line` is the line to
 * commit there.
 *
 * @example
 * const moved = await migrateStorage({ configDir: 'brain', destination: 's3://assets/brain' });
 * moved.storage_line; // 'storage: s3://assets/brain'
 */
export async function migrateStorage(
  options: MigrateStorageOptions,
): Promise<MigrateStorageOutput> {
  const { store: source, diagnostics } = await openConfiguredStore(options);
  const failed = (found: readonly Diagnostic[]): MigrateStorageOutput => ({
    ...emptyOutput(options.configDir, found),
    ...(source === undefined ? {} : { source: source.uri }),
  });
  if (source === undefined) return failed(diagnostics);
  const s3 = resolveSettings(options.settings).s3;
  const found = [...diagnostics];
  const open = async () => openClusterStore(options.destination, { s3 });
  const destination = await orDiagnostic(open(), undefined, found);
  if (destination === undefined) return failed(found);
  const moved = await migrateBetween(source, destination, options);
  return { ...moved, diagnostics: [...diagnostics, ...moved.diagnostics] };
}

/**
 * The copy and cutover of {@link migrateStorage} between two open stores, holding the source's
 * lock throughout so that no `apply` or `refresh` changes what is being copied.
 */
export async function migrateBetween(
  source: ClusterStore,
  destination: ClusterStore,
  options: MigrateBetweenOptions,
): Promise<MigrateStorageOutput> {
  const diagnostics: Diagnostic[] = [];
  const tally: CopyTally = { copied: 0, skipped: 0, bytes: 0 };
  let ledger: LedgerOutcome = 'not_written';
  const overlap = overlapProblem(source, destination);
  if (overlap !== undefined) {
    diagnostics.push(errorAt('invalid_storage_root', destination.uri, overlap));
  } else {
    const run = withLock(
      source,
      'migrate-storage',
      async () => {
        ledger = await copyThenCutOver(source, destination, tally, options.onProgress);
      },
      options.now === undefined ? {} : { now: options.now },
    );
    await orDiagnostic(run, undefined, diagnostics);
  }
  const after = await readStateAndLock(destination);
  const ok = allPassed(diagnostics);
  return {
    ok,
    config_dir: options.configDir,
    source: source.uri,
    destination: destination.uri,
    objects_copied: tally.copied,
    objects_skipped: tally.skipped,
    bytes_copied: tally.bytes,
    ledger,
    ...(ok ? { storage_line: `storage: ${destination.uri}` } : {}),
    state_observations: stateObservations(destination, {
      state: after.state,
      lock: after.lock,
      now: options.now?.() ?? new Date(),
    }),
    diagnostics: [...diagnostics, ...after.diagnostics],
  };
}

/** The steps under the source's lock; returns what happened to the destination's ledger. */
async function copyThenCutOver(
  source: ClusterStore,
  destination: ClusterStore,
  tally: CopyTally,
  onProgress: ((line: string) => void) | undefined,
): Promise<LedgerOutcome> {
  const state = await settledState(source);
  const ledger = encodeDocument(STATE_DOCUMENT, retargeted(state, destination)).bytes;
  const existing = await ledgerBytes(destination);
  // A root with a ledger is a cluster: nothing is ever copied into one. The same bytes mean an
  // earlier run of this migration completed (the ledger is written last).
  if (existing !== undefined) {
    if (sameBytes(existing, ledger)) return 'present';
    throw ledgerExists(destination);
  }
  const holder = await readLock(destination);
  if (holder !== undefined) {
    throw clusterError(
      'conflict',
      'state_lock_held',
      LOCK_KEY,
      `the destination ${destination.uri} is locked by ${holder.operation} (lock ${holder.lock_id}): another command is using it`,
    );
  }
  for (const prefix of COPIED_PREFIXES) {
    const before = { ...tally };
    onProgress?.(`copying ${prefix} to ${destination.uri}`);
    await copyObjects(source.objects, destination.objects, prefix, tally);
    const copied = tally.copied - before.copied;
    onProgress?.(`  ${copied} copied, ${tally.skipped - before.skipped} already present`);
  }
  try {
    await putDocument(destination, STATE_DOCUMENT, STATE_KEY, ledger, { kind: 'create' });
  } catch (error) {
    if (isOmniError(error, 'precondition_failed')) throw ledgerExists(destination);
    throw error;
  }
  return 'written';
}

/** The source ledger, once nothing is left for a recovery sweep to settle. */
async function settledState(source: ClusterStore): Promise<ClusterState> {
  const read = await readState(source);
  if (read.kind === 'absent') {
    throw clusterError(
      'not_found',
      'state_missing',
      STATE_KEY,
      `no state ledger at ${source.displayPath(STATE_KEY)}: there is no applied cluster to migrate; run \`omnigraph cluster import\` first`,
    );
  }
  const pending = await listRecoverySidecars(source);
  if (pending.length > 0) {
    const ids = pending.map((entry) => entry.id).join(', ');
    throw clusterError(
      'conflict',
      'cluster_recovery_pending',
      pending[0]?.key ?? STATE_KEY,
      `recovery sidecars are pending (${ids}); run \`omnigraph cluster apply\` or \`refresh\` to settle them before migrating`,
    );
  }
  return read.state;
}

/** The ledger to write at the destination: the source's, graph observations re-pointed there. */
function retargeted(state: ClusterState, destination: ClusterStore): ClusterState {
  const observations = Object.fromEntries(
    Object.entries(state.observations).map(([address, observation]): [string, Observation] => {
      const parsed = parseResourceAddress(address);
      if (observation.kind !== 'graph' || parsed?.kind !== 'graph') return [address, observation];
      return [address, { ...observation, graph_uri: destination.graphUri(parsed.graph) }];
    }),
  );
  return { ...state, observations };
}

/** The destination's ledger bytes, or undefined when it has none. */
async function ledgerBytes(store: ClusterStore): Promise<Uint8Array | undefined> {
  try {
    return (await store.objects.get(STATE_KEY)).bytes;
  } catch (error) {
    if (isOmniError(error, 'not_found')) return undefined;
    throw clusterError(
      storageCodeOf(error),
      'state_read_error',
      STATE_KEY,
      `cannot read ${store.displayPath(STATE_KEY)}: ${messageOf(error)}`,
      error,
    );
  }
}

function ledgerExists(destination: ClusterStore) {
  return clusterError(
    'conflict',
    'state_already_exists',
    STATE_KEY,
    `${destination.displayPath(STATE_KEY)} already holds a different ledger: the destination is another cluster, or the source changed since an earlier migration to it; choose an empty destination (or remove that ledger if it is from an abandoned attempt)`,
  );
}

/** Why two roots cannot be source and destination: the same, or one inside the other. */
function overlapProblem(source: ClusterStore, destination: ClusterStore): string | undefined {
  const [a, b] = [`${source.uri}/`, `${destination.uri}/`];
  if (a === b) return `the destination ${destination.uri} is the current storage root`;
  if (a.startsWith(b) || b.startsWith(a)) {
    return `the destination ${destination.uri} and the current storage root ${source.uri} contain one another`;
  }
  return undefined;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i]);
}

function emptyOutput(configDir: string, diagnostics: readonly Diagnostic[]): MigrateStorageOutput {
  return {
    ok: false,
    config_dir: configDir,
    objects_copied: 0,
    objects_skipped: 0,
    bytes_copied: 0,
    ledger: 'not_written',
    diagnostics,
  };
}

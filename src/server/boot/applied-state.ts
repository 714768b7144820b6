import {
  errorAt,
  isClusterError,
  readState,
  STATE_KEY,
  type ClusterState,
  type ClusterStore,
  type Diagnostic,
} from '../../cluster/index.js';

/** The applied revision's ledger, or why it cannot be served. */
export type AppliedState =
  | { readonly kind: 'found'; readonly state: ClusterState }
  | { readonly kind: 'failed'; readonly diagnostic: Diagnostic };

/**
 * Reads the ledger without the lock: a running `apply` holding it is no reason not to serve
 * what was applied before. No ledger is `cluster_state_missing`; an unreadable, invalid or
 * newer one keeps its own code (`state_read_error`, `invalid_state_json`,
 * `unsupported_state_version`).
 */
export async function readAppliedState(store: ClusterStore): Promise<AppliedState> {
  try {
    const read = await readState(store);
    if (read.kind === 'present') return { kind: 'found', state: read.state };
  } catch (error) {
    if (!isClusterError(error)) throw error;
    return { kind: 'failed', diagnostic: error.diagnostic };
  }
  const message = `no state ledger at ${store.displayPath(STATE_KEY)}: nothing has been applied; run \`omnigraph cluster import\` and \`omnigraph cluster apply\` first`;
  return { kind: 'failed', diagnostic: errorAt('cluster_state_missing', STATE_KEY, message) };
}

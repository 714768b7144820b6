import { OmniError } from '../../util/omni-error.js';
import type { CommitInfo } from '../commit-record.js';
import type { GraphContext } from '../graph-context.js';

/** Options of a mutation query. */
export interface MutateOptions {
  /** The query to run; may be omitted when the source declares exactly one. */
  readonly name?: string;
  /** JSON params (an object, or null/undefined for none). */
  readonly params?: unknown;
  /** Target branch (default `main`). */
  readonly branch?: string;
  readonly actor?: string | null;
  /** Run only if the branch head is still this commit (`--if-commit`). */
  readonly ifCommit?: string;
}

/** Result of a mutation (`mutate --json`). */
export interface MutationResult {
  readonly affected_nodes: number;
  readonly affected_edges: number;
  /** The published commit, or null when the mutation changed nothing. */
  readonly commit: CommitInfo | null;
}

/** Runs a mutation query as one atomic commit on a branch. */
export function runMutation(
  _ctx: GraphContext,
  _source: string,
  _options: MutateOptions & { readonly branch: string },
): Promise<MutationResult> {
  return Promise.reject(new OmniError('not_implemented', 'mutations are not implemented yet'));
}

import { OmniError } from '../../util/omni-error.js';
import type { CommitInfo } from '../commit-record.js';
import type { GraphContext } from '../graph-context.js';

/** How a merge ended. */
export type MergeOutcome = 'already_up_to_date' | 'fast_forward' | 'merged';

/** Result of `branch merge`. */
export interface MergeResult {
  readonly source: string;
  readonly target: string;
  readonly outcome: MergeOutcome;
  /** The merge commit on the target, or null for `already_up_to_date`. */
  readonly commit: CommitInfo | null;
}

/** Merges `source` into `target` (three-way, entity-level). */
export function mergeBranch(
  _ctx: GraphContext,
  _request: { readonly source: string; readonly target: string; readonly actor: string | null },
): Promise<MergeResult> {
  return Promise.reject(new OmniError('not_implemented', 'branch merge is not implemented yet'));
}

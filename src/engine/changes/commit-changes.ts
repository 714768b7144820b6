import { OmniError } from '../../util/omni-error.js';
import type { GraphContext } from '../graph-context.js';

/** Filters and paging of `commit changes`. */
export interface CommitChangesOptions {
  readonly kinds?: readonly ('node' | 'edge')[];
  readonly types?: readonly string[];
  readonly ops?: readonly ('insert' | 'update' | 'delete')[];
  readonly limit?: number;
  readonly pageToken?: string;
}

/** One page of a commit's entity diff. */
export interface CommitChangesPage {
  readonly changes: readonly unknown[];
  readonly next_page_token: string | null;
}

/** The exact entity diff of a commit against its first parent (engine.md §7). */
export function commitChanges(
  _ctx: GraphContext,
  _commitId: string,
  _options: CommitChangesOptions,
): Promise<CommitChangesPage> {
  return Promise.reject(new OmniError('not_implemented', 'commit changes is not implemented yet'));
}

import { OmniError } from '../../util/omni-error.js';
import type { GraphContext } from '../graph-context.js';

/** What `cleanup` keeps: the newest N versions and/or versions younger than a duration. */
export interface CleanupOptions {
  readonly keepVersions?: number;
  readonly olderThanSecs?: number;
  /** Without it, cleanup only previews. */
  readonly confirm: boolean;
}

/** Result of `cleanup`. */
export interface CleanupResult {
  readonly uri: string;
  readonly datasets: readonly unknown[];
}

/** Version garbage collection driven by the graph's own retention. */
export function cleanupGraph(_ctx: GraphContext, _options: CleanupOptions): Promise<CleanupResult> {
  return Promise.reject(new OmniError('not_implemented', 'cleanup is not implemented yet'));
}

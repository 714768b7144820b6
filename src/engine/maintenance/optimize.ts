import { OmniError } from '../../util/omni-error.js';
import type { GraphContext } from '../graph-context.js';

/** Result of `optimize`. */
export interface OptimizeResult {
  readonly uri: string;
  readonly datasets: readonly unknown[];
}

/** Compacts every table and reconciles indexes, published as one commit. */
export function optimizeGraph(
  _ctx: GraphContext,
  _options: { readonly actor: string | null },
): Promise<OptimizeResult> {
  return Promise.reject(new OmniError('not_implemented', 'optimize is not implemented yet'));
}

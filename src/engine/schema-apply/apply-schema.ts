import { OmniError } from '../../util/omni-error.js';
import type { GraphContext } from '../graph-context.js';

/** Result of `schema plan` / `schema apply`. */
export interface SchemaApplyResult {
  readonly supported: boolean;
  readonly applied: boolean;
  readonly graph_manifest_version: number;
  readonly steps: readonly unknown[];
}

/** Plans (and with `apply`, applies) a new schema on `main`. */
export function applySchema(
  _ctx: GraphContext,
  _source: string,
  _options: {
    readonly apply: boolean;
    readonly allowDataLoss: boolean;
    readonly actor: string | null;
  },
): Promise<SchemaApplyResult> {
  return Promise.reject(new OmniError('not_implemented', 'schema apply is not implemented yet'));
}

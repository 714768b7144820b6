import { resourceLimitError } from '../../util/resource-limit-error.js';
import type { OmniError } from '../../util/omni-error.js';

/**
 * Input entities one transaction may write per keyed table, inclusive (docs/guide/mutations.md).
 */
export const KEYED_WRITE_MAX_ROWS = 8192;

/** The typed `resource_limit` refusal (HTTP 413): nothing was written. */
export function resourceLimit(resource: string, actual: number, limit: number): OmniError {
  return resourceLimitError(resource, actual, limit, 'split the mutation into smaller ones');
}

/** Refuses a mutation whose statements name more than the limit of entities of one table. */
export function checkKeyedWriteLimit(inputs: ReadonlyMap<string, number>): void {
  for (const [tableKey, count] of [...inputs].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (count > KEYED_WRITE_MAX_ROWS)
      throw resourceLimit(`keyed write rows of ${tableKey}`, count, KEYED_WRITE_MAX_ROWS);
  }
}

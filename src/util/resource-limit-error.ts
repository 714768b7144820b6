import { OmniError } from './omni-error.js';

/**
 * The typed `resource_limit` refusal (HTTP 413), before anything was changed:
 * `resource limit exceeded for <resource>: actual <n>, limit <m>`, then `remedy` when given,
 * with `{resource_limit: {resource, limit, actual}}` as its details.
 *
 * @example resourceLimitError('query_rows', 6_000_000, 5_000_000)
 */
export function resourceLimitError(
  resource: string,
  actual: number,
  limit: number,
  remedy?: string,
): OmniError {
  const message = `resource limit exceeded for ${resource}: actual ${actual}, limit ${limit}`;
  return new OmniError('resource_limit', remedy === undefined ? message : `${message}; ${remedy}`, {
    details: { resource_limit: { resource, limit, actual } },
  });
}

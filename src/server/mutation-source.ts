import { parseQuery } from '../compiler/index.js';
import { OmniError } from '../util/omni-error.js';

/**
 * Refuses a read route's source whose chosen query (by `name`, or the only one) mutates. A
 * source that does not parse, or names no such query, passes: the engine reports that itself.
 */
export function refuseMutationSource(source: string, name: string | undefined): void {
  let queries;
  try {
    queries = parseQuery(source).queries;
  } catch {
    return;
  }
  const chosen =
    name === undefined
      ? queries.length === 1
        ? queries[0]
        : undefined
      : queries.find((q) => q.name === name);
  if (chosen?.body.kind === 'mutation') {
    throw new OmniError(
      'bad_request',
      `query '${chosen.name}' contains mutations (insert/update/delete); use POST /mutate for write queries`,
      { details: { query: chosen.name } },
    );
  }
}

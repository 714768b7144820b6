import { closestName } from '../../util/closest-name.js';
import { OmniError } from '../../util/omni-error.js';
import { suggestionDetails, withSuggestion } from '../common/did-you-mean.js';
import type { Catalog } from '../catalog/catalog.js';
import type { QueryIR } from '../ir/query-ir.js';
import { DEFAULT_QUERY_FILE, parseQuery, type ParseQueryOptions } from './parse-query.js';
import { typecheckQueries, typecheckQuery } from './typecheck/typecheck-query.js';

/**
 * Parses and typechecks every query of a `.gq` source. Throws the first `parse_error` or
 * `type_error`; both name `options.file`.
 *
 * @example compileQueries(catalog, readFileSync('test.gq', 'utf8'), { file: 'test.gq' }).length
 */
export function compileQueries(
  catalog: Catalog,
  source: string,
  options: ParseQueryOptions = {},
): QueryIR[] {
  return typecheckQueries(catalog, parseQuery(source, options));
}

/** Options of {@link compileQuery}. */
export interface CompileQueryOptions extends ParseQueryOptions {
  /** The query to compile; may be omitted when the source declares exactly one. */
  readonly name?: string;
}

/**
 * Parses a `.gq` source and typechecks one of its queries: the one named, or the only one.
 * Throws `bad_request` when the name is unknown (suggesting the closest declared name) or a
 * name is needed. Parse and type errors name `options.file`.
 *
 * @example compileQuery(catalog, source, { name: 'get_person' }).name // 'get_person'
 */
export function compileQuery(
  catalog: Catalog,
  source: string,
  options: CompileQueryOptions = {},
): QueryIR {
  const file = options.file ?? DEFAULT_QUERY_FILE;
  const { queries } = parseQuery(source, { file });
  const names = queries.map((query) => query.name);
  const chosen =
    options.name === undefined
      ? queries.length === 1
        ? queries[0]
        : undefined
      : queries.find((query) => query.name === options.name);
  if (chosen !== undefined) return typecheckQuery(catalog, chosen);
  const declared = names.length === 0 ? 'no queries' : names.join(', ');
  if (options.name === undefined) {
    throw new OmniError('bad_request', `${file} declares ${declared}; name the query to run`, {
      details: { file, queries: names },
    });
  }
  const suggestion = closestName(options.name, names);
  const message = `query '${options.name}' not found in ${file}; it declares ${declared}`;
  throw new OmniError('bad_request', withSuggestion(message, suggestion), {
    details: { file, queries: names, ...suggestionDetails(suggestion) },
  });
}

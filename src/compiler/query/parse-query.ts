import { OmniError } from '../../util/omni-error.js';
import { MAX_VECTOR_DIMENSION } from '../catalog/build-property.js';
import { SCALAR_TYPES } from '../catalog/catalog.js';
import { runParser, type PeggyParse } from '../common/parse-error.js';
import { parse } from '../generated/query-parser.js';
import { parseDateText, parseDateTimeText } from '../params/temporal-text.js';
import type { QueryFile } from './ast.js';

/** Options of {@link parseQuery}. */
export interface ParseQueryOptions {
  /**
   * File name shown in parse and type errors (recorded on each parsed query); default
   * `<query>`.
   */
  readonly file?: string;
}

/** The file name errors show when the caller names none: a label, not a real file. */
export const DEFAULT_QUERY_FILE = '<query>';

/** The words a parameter type starts with; another word there is reported with the closest. */
const TYPE_NAMES: readonly string[] = [...SCALAR_TYPES, 'Vector'];

// The grammar decodes `date(…)` / `datetime(…)` literals with the same functions that bind
// JSON parameters, so both accept exactly the same text, and bounds `Vector(N)` as schemas do.
const parseWithSharedRules: PeggyParse = (input, options) =>
  parse(input, {
    ...options,
    parseDate: parseDateText,
    parseDateTime: parseDateTimeText,
    maxVectorDimension: MAX_VECTOR_DIMENSION,
    typeNames: TYPE_NAMES,
  });

/**
 * Parses `.gq` source into its AST; each query records `options.file`, which its type errors
 * name. Throws a `parse_error` OmniError naming the file, line, column and what was expected
 * (or the parse-level problem, e.g. a duplicate `@description`).
 *
 * @example parseQuery('query q() { match { $p: Person } return { $p.name } }').queries[0]?.name // 'q'
 */
export function parseQuery(source: string, options: ParseQueryOptions = {}): QueryFile {
  const file = options.file ?? DEFAULT_QUERY_FILE;
  try {
    return runParser(parseWithSharedRules, source, { file }) as QueryFile;
  } catch (error) {
    // The parser recurses once per nesting level; thousands of nested blocks exhaust the stack.
    if (error instanceof RangeError) {
      throw new OmniError('parse_error', `parse error: ${file}: the query nests too deeply`, {
        details: { file },
      });
    }
    throw error;
  }
}

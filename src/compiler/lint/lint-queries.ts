import { isOmniError } from '../../util/omni-error.js';
import type { Catalog } from '../catalog/catalog.js';
import type { QueryIR } from '../ir/query-ir.js';
import type { QueryDecl, QueryFile } from '../query/ast.js';
import { parseQuery } from '../query/parse-query.js';
import { typecheckQuery } from '../query/typecheck/typecheck-query.js';
import type {
  LintFinding,
  LintSeverity,
  QueryLintOutput,
  QueryLintResult,
  SchemaSource,
} from './lint-output.js';
import { describeOperation } from './operation-descriptor.js';
import { unsetPropertyFindings } from './unset-property-findings.js';

/** What {@link lintQueries} lints. */
export interface LintQueriesInput {
  readonly catalog: Catalog;
  /** The `.gq` source. */
  readonly source: string;
  /** The query file's path as the user gave it (shown in output and parse errors). */
  readonly queryPath: string;
  readonly schemaSource: SchemaSource;
}

/** Warning on a mutation without parameters. */
export const NO_PARAMS_WARNING =
  'mutation declares no params; hardcoded mutations are easy to miss';

/**
 * Lints a `.gq` file against a catalog (docs/reference/lint.md): a parse error is the finding
 * `Q000`; otherwise each query is typechecked on its own (an error fails that query only), OK
 * queries get their `operation` descriptor, and file-level findings (`L201`) follow. Status is
 * `error` when anything is an error.
 *
 * @example lintQueries({ catalog, source, queryPath: 'q.gq', schemaSource: { kind: 'file', path: 's.pg' } }).status
 */
export function lintQueries(input: LintQueriesInput): QueryLintOutput {
  const file = parseOrFinding(input);
  if ('finding' in file) return summarize(input, 0, [], [file.finding]);
  const checked = file.queries.map((query) => checkOne(input.catalog, query));
  const typed = checked.flatMap((entry) => (entry.ir === undefined ? [] : [entry.ir]));
  const findings = unsetPropertyFindings(input.catalog, typed);
  return summarize(
    input,
    file.queries.length,
    checked.map((entry) => entry.result),
    findings,
  );
}

function parseOrFinding(input: LintQueriesInput): QueryFile | { finding: LintFinding } {
  try {
    return parseQuery(input.source, { file: input.queryPath });
  } catch (error) {
    if (!isOmniError(error, 'parse_error')) throw error;
    return {
      finding: { severity: 'error', code: 'Q000', message: error.message, query_names: [] },
    };
  }
}

function checkOne(
  catalog: Catalog,
  query: QueryDecl,
): { result: QueryLintResult; ir: QueryIR | undefined } {
  const kind = query.body.kind;
  const warnings = kind === 'mutation' && query.params.length === 0 ? [NO_PARAMS_WARNING] : [];
  try {
    const ir = typecheckQuery(catalog, query);
    const operation = describeOperation(catalog, ir);
    return { result: { name: query.name, kind, status: 'ok', warnings, operation }, ir };
  } catch (error) {
    if (!isOmniError(error)) throw error;
    return {
      result: { name: query.name, kind, status: 'error', warnings, error: error.message },
      ir: undefined,
    };
  }
}

function summarize(
  input: LintQueriesInput,
  processed: number,
  results: readonly QueryLintResult[],
  findings: readonly LintFinding[],
): QueryLintOutput {
  const count = (severity: LintSeverity): number =>
    findings.filter((finding) => finding.severity === severity).length;
  const errors = results.filter((result) => result.status === 'error').length + count('error');
  const warnings =
    results.reduce((sum, result) => sum + result.warnings.length, 0) + count('warning');
  return {
    status: errors > 0 ? 'error' : 'ok',
    schema_source: input.schemaSource,
    query_path: input.queryPath,
    queries_processed: processed,
    errors,
    warnings,
    infos: count('info'),
    results,
    findings,
  };
}

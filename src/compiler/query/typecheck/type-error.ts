import { OmniError } from '../../../util/omni-error.js';
import { suggestionDetails, withSuggestion } from '../../common/did-you-mean.js';
import { locationDetails } from '../../common/source-location.js';
import type { SourcePos } from '../ast.js';

/** The typecheck error codes (docs/reference/lint.md). */
export type TypeErrorCode =
  | 'T1'
  | 'T2'
  | 'T3'
  | 'T4'
  | 'T5'
  | 'T6'
  | 'T7'
  | 'T8'
  | 'T9'
  | 'T10'
  | 'T11'
  | 'T12'
  | 'T13'
  | 'T14'
  | 'T15'
  | 'T16'
  | 'T17'
  | 'T18'
  | 'T19'
  | 'T20'
  | 'T21'
  | 'T22'
  | 'T23'
  | 'T24';

/** Where a type error is: the file, the query and the position of the offending construct. */
export interface TypeErrorSite {
  readonly file: string;
  readonly query: string;
  readonly at: SourcePos;
}

/** What is wrong: the code (absent for the few rules that have none), text and hint. */
export interface TypeProblem {
  readonly code?: TypeErrorCode;
  readonly message: string;
  /** The known name closest to an unknown one, offered as "did you mean". */
  readonly suggestion?: string | undefined;
}

/**
 * A `type_error`: `type error: Tn: <file>:<line>:<column>: <message>[; did you mean 'x'?]`
 * (`type error: <file>:…` without a code), with `{type_code, query, file, line, column,
 * suggestion}` in details. The code comes first (`type error: Tn: `, docs/reference/lint.md).
 */
export function typeError(site: TypeErrorSite, problem: TypeProblem): OmniError {
  const code = problem.code === undefined ? '' : `${problem.code}: `;
  const position = `${site.file}:${site.at.line}:${site.at.column}`;
  const message = withSuggestion(problem.message, problem.suggestion);
  return new OmniError('type_error', `type error: ${code}${position}: ${message}`, {
    details: {
      ...(problem.code === undefined ? {} : { type_code: problem.code }),
      query: site.query,
      ...locationDetails(site.file, site.at),
      ...suggestionDetails(problem.suggestion),
    },
  });
}

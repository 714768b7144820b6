import { OmniError } from '../../../util/omni-error.js';
import type { SourcePos } from '../ast.js';

/** The typecheck error codes of languages.md §2.4. */
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

/** Where a type error is: the query and the position of the offending construct. */
export interface TypeErrorSite {
  readonly query: string;
  readonly at: SourcePos;
}

/**
 * A `type_error`: `type error: Tn: <message>`, with `{type_code, query, line, column}` in
 * details.
 */
export function typeError(code: TypeErrorCode, site: TypeErrorSite, message: string): OmniError {
  return new OmniError('type_error', `type error: ${code}: ${message}`, {
    details: { type_code: code, query: site.query, line: site.at.line, column: site.at.column },
  });
}

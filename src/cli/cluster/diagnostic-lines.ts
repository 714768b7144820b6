import type { Diagnostic } from '../../cluster/diagnostic.js';

/**
 * One line per diagnostic, as every cluster command prints them:
 * `<severity>[<code>] <path>: <message>`.
 *
 * @example diagnosticLines([d]) // ['warning[state_missing] __cluster/state.json: no state ledger …']
 */
export function diagnosticLines(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.severity}[${d.code}] ${d.path}: ${d.message}`);
}

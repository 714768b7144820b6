import type { LintSeverity, QueryLintOutput } from './lint-output.js';

const LABELS: Readonly<Record<LintSeverity, string>> = {
  error: 'ERROR',
  warning: 'WARN ',
  info: 'INFO ',
};

/**
 * The human report of `omnigraph lint` (docs/reference/lint.md): per-query warnings and errors,
 * then the findings, then a summary line. Every line ends with a newline.
 *
 * @example renderLint(output) // 'WARN  Policy.effectiveTo exists …\nINFO  Lint complete: …\n'
 */
export function renderLint(output: QueryLintOutput): string {
  const lines: string[] = [];
  for (const result of output.results) {
    for (const warning of result.warnings)
      lines.push(`${LABELS.warning} query \`${result.name}\`: ${warning}`);
    if (result.error !== undefined)
      lines.push(`${LABELS.error} query \`${result.name}\`: ${result.error}`);
  }
  for (const finding of output.findings)
    lines.push(`${LABELS[finding.severity]} ${finding.message}`);
  lines.push(
    `${LABELS.info} Lint complete: ${output.queries_processed} queries processed (${output.errors} error(s), ${output.warnings} warning(s), ${output.infos} info item(s))`,
  );
  return lines.map((line) => `${line}\n`).join('');
}

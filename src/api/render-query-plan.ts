import type { CacheUsage } from '../util/cache-budget.js';
import type { QueryExplainOutput, QueryPlanNode, QueryProfileOutput } from './query-plan.js';

const INDENT = '  ';

/**
 * A plan as text, one line per operator, children indented below their parent (as Cypher's
 * EXPLAIN and PROFILE print): the operator, its detail and the estimated rows; a profile adds
 * each operator's rows, time and traversal strategy (`not run` for one that did not run) and
 * last lines with the total time and what the read caches hold.
 *
 * @example
 * renderQueryPlan(explain)
 * // query friend_counts
 * // reach-count  $p -Knows-> $f  (est. 20 rows)
 * //   scan  Person $p  columns: name  (est. 4 rows)
 */
export function renderQueryPlan(output: QueryExplainOutput | QueryProfileOutput): string {
  const profiled = 'total_ms' in output;
  const lines = [`query ${output.query_name}`];
  const visit = (node: QueryPlanNode, depth: number): void => {
    lines.push(INDENT.repeat(depth) + nodeLine(node, profiled));
    for (const child of node.children) visit(child, depth + 1);
  };
  visit(output.plan, 0);
  if (profiled) lines.push(`total ${formatMs(output.total_ms)}`, cachesLine(output.caches));
  return lines.join('\n');
}

/** `caches 310.2 of 2048.0 MiB: columns 310.2 MiB (4 entries)`. */
function cachesLine(usage: CacheUsage): string {
  const held = Object.entries(usage.caches).map(
    ([name, { bytes, entries }]) =>
      `${name} ${mib(bytes)} MiB (${entries} ${entries === 1 ? 'entry' : 'entries'})`,
  );
  const total = `caches ${mib(usage.used_bytes)} of ${mib(usage.budget_bytes)} MiB`;
  return held.length === 0 ? `${total}: empty` : `${total}: ${held.join(', ')}`;
}

function mib(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

function nodeLine(node: QueryPlanNode, profiled: boolean): string {
  const parts = [node.operator];
  if (node.detail !== '') parts.push(node.detail);
  if (node.estimated_rows !== undefined) parts.push(`(est. ${rowsText(node.estimated_rows)})`);
  if (profiled) parts.push(...figures(node));
  return parts.join('  ');
}

function figures(node: QueryPlanNode): string[] {
  if (node.rows === undefined) return ['not run'];
  return [
    `rows=${node.rows.toLocaleString('en-US')}`,
    ...(node.elapsed_ms === undefined ? [] : [`time=${formatMs(node.elapsed_ms)}`]),
    ...(node.strategy === undefined ? [] : [`strategy=${node.strategy}`]),
  ];
}

function rowsText(rows: number): string {
  return `${rows.toLocaleString('en-US')} ${rows === 1 ? 'row' : 'rows'}`;
}

function formatMs(ms: number): string {
  return `${ms.toFixed(3)}ms`;
}

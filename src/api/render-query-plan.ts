import type { QueryExplainOutput, QueryPlanNode, QueryProfileOutput } from './query-plan.js';

const INDENT = '  ';

/**
 * A plan as text, one line per operator, children indented below their parent (as Cypher's
 * EXPLAIN and PROFILE print): the operator, its detail and the estimated rows; a profile adds
 * each operator's rows, time and traversal strategy (`not run` for one that did not run) and a
 * last line with the total time.
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
  if (profiled) lines.push(`total ${formatMs(output.total_ms)}`);
  return lines.join('\n');
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

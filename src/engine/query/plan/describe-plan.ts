import type { QueryPlanNode } from '../../../api/query-plan.js';
import type { TextSearchIR } from '../../../compiler/ir/expr-ir.js';
import type { FilterIR, MatchIR, TraversalIR } from '../../../compiler/ir/match-ir.js';
import type { OrderingIR, ProjectionIR } from '../../../compiler/ir/query-ir.js';
import { formatStringLiteral } from '../../../compiler/common/string-literal.js';
import { assertNever } from '../../../util/assert-never.js';
import type { SideScan } from '../execution/side-rows.js';
import type { TopKStage } from '../search/ranked-scan.js';
import type { ReachStage } from '../execution/traversal-aggregate-shape.js';
import { exprText, filterText, traversalText, variableText } from './describe-expr.js';
import type { MatchPlan, MatchStep } from './match-plan.js';
import type { GroupsOutput, OutputPlan, RowsOutput } from './output-plan.js';
import type { MatchReadPlan } from './match-read-plan.js';
import type { PhysicalPlan } from './physical-plan.js';
import type { PlanProfile } from './plan-profile.js';
import type { RowFlow } from './row-flow.js';

/** Builds the node of one stage: its figures come from the profile, when there is one. */
type NodeOf = (
  stage: object,
  operator: string,
  detail: string,
  estimatedRows: number,
  children?: readonly QueryPlanNode[],
) => QueryPlanNode;

/**
 * The tree explain and profile report for a plan: the plan kind at the root, its stages in
 * execution order below. With `profile`, each stage that ran has its rows, time and traversal
 * strategy.
 */
export function describePlan(plan: PhysicalPlan, profile?: PlanProfile): QueryPlanNode {
  return describe(plan, nodeFactory(profile));
}

function nodeFactory(profile: PlanProfile | undefined): NodeOf {
  return (stage, operator, detail, estimatedRows, children = []) => {
    const stats = profile?.stats(stage);
    const strategies = stats === undefined ? [] : [...stats.strategies];
    return {
      operator,
      detail,
      estimated_rows: Math.max(0, Math.ceil(estimatedRows - 1e-9)),
      ...(stats === undefined
        ? {}
        : { rows: stats.rows, elapsed_ms: Math.round(stats.elapsedMs * 1000) / 1000 }),
      ...(strategies.length === 0 ? {} : { strategy: strategies.join(',') }),
      children,
    };
  };
}

function describe(plan: PhysicalPlan, node: NodeOf): QueryPlanNode {
  switch (plan.kind) {
    case 'count-pushdown': {
      const { binding } = plan;
      const counts = plan.query.projections.map((projection) => exprText(projection.expr));
      const detail = `${counts.join(', ')} of ${binding.nodeType} ${variableText(binding.variable)}${listed('filters', plan.filters.map(filterText))}`;
      return node(plan, 'count-pushdown', detail, plan.estimatedRows);
    }
    case 'reach-count':
      return node(plan, 'reach-count', traversalText(plan.traversal), plan.estimatedRows, [
        sideScanNode(plan.anchor, node),
        reachNode(plan.reach, plan.traversal, plan.anchor.variable, node),
        ...groupNodes(plan.output, node),
      ]);
    case 'reach-aggregate':
      return node(plan, 'reach-aggregate', traversalText(plan.traversal), plan.estimatedRows, [
        sideScanNode(plan.group, node),
        sideScanNode(plan.other, node),
        reachNode(plan.reach, plan.traversal, plan.group.variable, node),
        ...groupNodes(plan.output, node),
        node(
          plan.fallback,
          'fallback',
          'the general plan, run when a sum is inexact',
          plan.fallback.estimatedRows,
          matchChildren(plan.fallback, node),
        ),
      ]);
    case 'ranked-scan':
      return node(
        plan,
        'ranked-scan',
        `${plan.scan.nodeType} ${variableText(plan.scan.variable)} by ${exprText(plan.scan.ranking)}`,
        plan.estimatedRows,
        [topKNode(plan.scan, node), ...outputNodes(plan.output, node)],
      );
    case 'match':
      return node(
        plan,
        'match',
        bindingsText(plan.query.match) + flowText(plan.flow),
        plan.estimatedRows,
        matchChildren(plan, node),
      );
    default:
      return assertNever(plan, 'read plan');
  }
}

function matchChildren(plan: MatchReadPlan, node: NodeOf): QueryPlanNode[] {
  const ordered = plan.flow.kind === 'limit-pushdown' || plan.flow.kind === 'id-ordered';
  return [...stepNodes(plan.match, node, ordered), ...outputNodes(plan.output, node, plan.flow)];
}

/** The steps of a match; `ordered` when its binding steps yield their entities in id order. */
function stepNodes(plan: MatchPlan, node: NodeOf, ordered = false): QueryPlanNode[] {
  return plan.steps.map((step) => stepNode(step, node, ordered));
}

function stepNode(step: MatchStep, node: NodeOf, ordered: boolean): QueryPlanNode {
  const inOrder = ordered ? '  in id order' : '';
  switch (step.kind) {
    case 'scan': {
      const filters = listed(
        'filters',
        step.filters.map(({ ir }) => filterText(ir)),
      );
      const detail = `${step.nodeType} ${variableText(step.variable)}${filters}${searchesText(step.searches)}${inOrder}`;
      return node(step, 'scan', detail, step.estimatedRows);
    }
    case 'key-seed': {
      const detail = `${step.nodeType} ${variableText(step.variable)}  id ${formatStringLiteral(step.id)}  from ${filterText(step.filter)}, no read`;
      return node(step, 'key-seed', detail, step.estimatedRows);
    }
    case 'traverse': {
      const how = step.binds.length === 0 ? '  check' : inOrder;
      const detail = `${traversalText(step.traversal)}  from ${variableText(step.from)}${how}`;
      return node(step, 'traverse', detail, step.estimatedRows);
    }
    case 'constrain': {
      const detail = `${variableText(step.variable)}${listed('in memory', step.inMemory.map(filterText))}${listed(
        'filters',
        step.lance.map(({ ir }) => filterText(ir)),
      )}${searchesText(step.searches)}`;
      return node(step, 'constrain', detail, step.estimatedRows);
    }
    case 'filter':
      return node(step, 'filter', step.filters.map(filterText).join(', '), step.estimatedRows);
    case 'anti-join': {
      const seed = listed('seed', step.seed.map(variableText));
      const detail = `not { ${blockText(step.negation.match)} }${seed}`;
      return node(step, 'anti-join', detail, step.estimatedRows, stepNodes(step.plan, node));
    }
    case 'anti-join-edge': {
      const detail = `not { ${traversalText(step.traversal)} }  from ${variableText(step.from)}`;
      return node(step, 'anti-join-edge', detail, step.estimatedRows);
    }
    default:
      return assertNever(step, 'match step');
  }
}

function outputNodes(output: OutputPlan, node: NodeOf, flow?: RowFlow): QueryPlanNode[] {
  switch (output.kind) {
    case 'rows':
      return rowNodes(output, node, flow);
    case 'groups':
      return groupNodes(output, node);
    default:
      return assertNever(output, 'output plan');
  }
}

function rowNodes(output: RowsOutput, node: NodeOf, flow: RowFlow | undefined): QueryPlanNode[] {
  const { order, limit, project } = output;
  const ties = order.ties.map(variableText).join(', ');
  const keys = order.keys.map(orderingText);
  const orderDetail = [...keys, ...(ties === '' ? [] : [`ids of ${ties}`])].join(', then ');
  const notes = streamNotes(flow);
  return [
    node(order, 'order', orderDetail + notes.order, order.estimatedRows),
    ...(limit === undefined
      ? []
      : [node(limit, 'limit', String(limit.count) + notes.limit, limit.estimatedRows)]),
    node(
      project,
      'project',
      project.projections.map(projectionText).join(', '),
      project.estimatedRows,
    ),
  ];
}

function groupNodes(output: GroupsOutput, node: NodeOf): QueryPlanNode[] {
  const { aggregate, order } = output;
  const aggregates = aggregate.projections.filter((projection) => projection.role === 'aggregate');
  const keys = aggregate.projections.filter((projection) => projection.role !== 'aggregate');
  const by = keys.length === 0 ? '' : `  by ${keys.map(projectionText).join(', ')}`;
  const limit = order.limit === undefined ? '' : `  limit ${order.limit}`;
  const keyText = (entry: OrderingIR): string => {
    const named = entry.expr.kind === 'alias' ? aggregate.projections[entry.expr.index] : undefined;
    const text = named === undefined ? exprText(entry.expr) : (named.alias ?? exprText(named.expr));
    return `${text} ${entry.direction}`;
  };
  const orderDetail = [...order.keys.map(keyText), 'group keys'].join(', then ') + limit;
  return [
    node(
      aggregate,
      'aggregate',
      aggregates.map(projectionText).join(', ') + by,
      aggregate.estimatedRows,
    ),
    node(order, 'order', orderDetail, order.estimatedRows),
  ];
}

function sideScanNode(scan: SideScan, node: NodeOf): QueryPlanNode {
  const detail = `${scan.nodeType} ${variableText(scan.variable)}${listed('filters', scan.filters.map(filterText))}${listed('columns', scan.columns)}`;
  return node(scan, 'scan', detail, scan.estimatedRows);
}

function reachNode(
  reach: ReachStage,
  traversal: TraversalIR,
  from: string,
  node: NodeOf,
): QueryPlanNode {
  const detail = `${traversalText(traversal)}  from ${variableText(from)}, pairs not built`;
  return node(reach, 'reach', detail, reach.estimatedRows);
}

function topKNode(scan: TopKStage, node: NodeOf): QueryPlanNode {
  const detail = `${exprText(scan.ranking)}  ${scan.nodeType} ${variableText(scan.variable)}  fetch ${scan.fetch}${listed('filters', scan.filters.map(filterText))}`;
  return node(scan, 'top-k', detail, scan.estimatedRows);
}

/** `  stream: …` on a match whose rows stream into its output, or nothing. */
function flowText(flow: RowFlow): string {
  return flow.kind === 'materialized' || flow.kind === 'id-ordered' ? '' : `  stream: ${flow.kind}`;
}

/** What the order and limit nodes say of a streamed flow (nothing when the rows are all built). */
function streamNotes(flow: RowFlow | undefined): { order: string; limit: string } {
  switch (flow?.kind) {
    case undefined:
    case 'materialized':
      return { order: '', limit: '' };
    case 'id-ordered':
      return { order: '  as scanned, no sort', limit: '' };
    case 'limit-pushdown':
      return { order: '  as streamed, no sort', limit: '  stops the match' };
    case 'top-k':
      return { order: `  best ${flow.limit} kept per batch`, limit: '' };
    default:
      return assertNever(flow, 'row flow');
  }
}

/** `  label: a, b`, or nothing for no items. */
function listed(label: string, items: readonly string[]): string {
  return items.length === 0 ? '' : `  ${label}: ${items.join(', ')}`;
}

function searchesText(searches: readonly TextSearchIR[]): string {
  return listed('search', searches.map(exprText));
}

function orderingText(entry: OrderingIR): string {
  return `${exprText(entry.expr)} ${entry.direction}`;
}

function projectionText(projection: ProjectionIR): string {
  const text = exprText(projection.expr);
  return projection.alias === undefined ? text : `${text} as ${projection.alias}`;
}

/** The variables a match binds: `$p: Person, $w: Knows`. */
function bindingsText(match: MatchIR): string {
  return [
    ...match.bindings.map((binding) => `${variableText(binding.variable)}: ${binding.nodeType}`),
    ...match.traversals.flatMap((traversal) =>
      traversal.edgeVariable === undefined
        ? []
        : [`${variableText(traversal.edgeVariable)}: ${traversal.edgeType}`],
    ),
  ].join(', ');
}

/** The clauses of a block, for a `not { }`. */
function blockText(match: MatchIR): string {
  const filters: FilterIR[] = [
    ...match.bindings.flatMap((binding) => binding.filters),
    ...match.filters,
  ];
  return [
    ...match.bindings
      .filter((binding) => binding.declared)
      .map((binding) => `${variableText(binding.variable)}: ${binding.nodeType}`),
    ...match.traversals.map(traversalText),
    ...filters.map(filterText),
    ...match.searches.map(exprText),
    ...match.negations.map((negation) => `not { ${blockText(negation.match)} }`),
  ].join(', ');
}

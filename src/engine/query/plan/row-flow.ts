import type { ReadQueryIR } from '../../../compiler/ir/query-ir.js';
import { assertNever } from '../../../util/assert-never.js';
import { matchExprs, walkExpr } from '../execution/expr-walk.js';
import type { MatchPlan, MatchStep } from './match-plan.js';
import type { OutputPlan, RowOrderStage } from './output-plan.js';
import { pinsKey } from '../execution/image-filter.js';
import { derivedOf, type PlanInputs } from './plan-inputs.js';

/**
 * How the rows a `match` binds reach its output: all built, then ordered and limited; all built
 * in result order; or, for a limited read, streamed through the match in batches so that no stage
 * holds more than a batch.
 */
export type RowFlow = MaterializedFlow | IdOrderedFlow | StreamedFlow;

/** A flow that streams: the limit pushed into the match, or a bounded top-k. */
export type StreamedFlow = LimitPushdownFlow | TopKFlow;

/** Every row is built, then ordered and limited. */
export interface MaterializedFlow {
  readonly kind: 'materialized';
}

/**
 * Every row is built, in result order: the match binds one variable, by a filtered scan taken in
 * id order, and its other steps only drop rows; the order is the scan's, with no sort.
 */
export interface IdOrderedFlow {
  readonly kind: 'id-ordered';
}

/**
 * The rows come out of the match in result order, so it stops once `limit` rows are out: the
 * first `head` steps run once (up to the first start variable, generated in id order), the others
 * on batches of their rows in turn, each binding step yielding its entities per row in id order.
 */
export interface LimitPushdownFlow {
  readonly kind: 'limit-pushdown';
  readonly head: number;
  readonly limit: number;
}

/**
 * The first `head` steps run once, the others on batches of their rows; each batch's rows are
 * merged into the best `limit` rows so far (a bounded top-k), in the result order.
 */
export interface TopKFlow {
  readonly kind: 'top-k';
  readonly head: number;
  readonly limit: number;
}

const MATERIALIZED: MaterializedFlow = { kind: 'materialized' };
const ID_ORDERED: IdOrderedFlow = { kind: 'id-ordered' };

/**
 * The flow of a general read. Plain rows ordered by the ids of the one variable a filtered scan
 * binds (no `order` keys; other steps that only drop rows) are built in id order. A limited read
 * of plain rows whose match multiplies rows after its first start variable streams (otherwise no
 * stage holds more rows than that variable's scan): its limit is pushed into the match when the
 * rows come out in result order (no `order` keys, and the steps bind the variables in the order
 * their ids break ties), else a bounded top-k keeps the best rows. Search predicates and rankings
 * keep the rows materialized: their values are computed over all the candidates at once (`rrf`
 * ranks within them).
 */
export function planRowFlow(
  query: ReadQueryIR,
  match: MatchPlan,
  output: OutputPlan,
  inputs: PlanInputs,
): RowFlow {
  if (output.kind !== 'rows' || searches(query, output.order)) return MATERIALIZED;
  if (scansInIdOrder(match, output.order, inputs)) return ID_ORDERED;
  if (output.limit === undefined) return MATERIALIZED;
  const head = match.steps.findIndex((step) => step.kind === 'scan' || step.kind === 'key-seed');
  if (head < 0 || !match.steps.slice(head + 1).some(multipliesRows)) return MATERIALIZED;
  const limit = output.limit.count;
  const inOrder =
    output.order.keys.length === 0 && sameNames(streamOrder(match.steps), output.order.ties);
  return { kind: inOrder ? 'limit-pushdown' : 'top-k', head: head + 1, limit };
}

/**
 * True when the match starts with a filtered scan, its other steps only drop rows, and the rows
 * are ordered by the scanned variable's ids alone: the scan can give them in that order. An
 * unfiltered scan keeps its rows in table order: caches of a table's rows (topology walks,
 * counts) are keyed by that list. A scan pinned to a few ids by its key sorts them as before.
 */
function scansInIdOrder(match: MatchPlan, order: RowOrderStage, inputs: PlanInputs): boolean {
  const [first, ...rest] = match.steps;
  if (first?.kind !== 'scan') return false;
  const derived = derivedOf(inputs, first.nodeType);
  return (
    first.filters.length > 0 &&
    !first.filters.some(({ filter }) => pinsKey(filter, derived)) &&
    rest.every((step) => dropsRows(step)) &&
    order.keys.length === 0 &&
    sameNames([first.variable], order.ties)
  );
}

/** True for a step that keeps or drops each row, in order, binding nothing. */
function dropsRows(step: MatchStep): boolean {
  return (
    step.kind === 'filter' ||
    step.kind === 'constrain' ||
    step.kind === 'anti-join' ||
    step.kind === 'anti-join-edge'
  );
}

/** True when the match or the order keys use a search predicate or a ranking. */
function searches(query: ReadQueryIR, order: RowOrderStage): boolean {
  const exprs = [...matchExprs(query.match), ...order.keys.map((key) => key.expr)];
  return exprs.some((expr) =>
    [...walkExpr(expr)].some(
      (node) =>
        node.kind === 'nearest' ||
        node.kind === 'bm25' ||
        node.kind === 'rrf' ||
        node.kind === 'text-search',
    ),
  );
}

/** True for a step that may give a row more than one row: a scan, or a traversal that binds. */
function multipliesRows(step: MatchStep): boolean {
  return step.kind === 'scan' || (step.kind === 'traverse' && step.binds.length > 0);
}

/**
 * The variables in the order a stream of ordered steps sorts its rows by: each binding step's
 * variables in turn, a traversal's node before its edge (it yields its (node, edge) pairs sorted
 * by node id, then edge id).
 */
function streamOrder(steps: readonly MatchStep[]): string[] {
  return steps.flatMap((step): readonly string[] => {
    switch (step.kind) {
      case 'scan':
      case 'key-seed':
        return [step.variable];
      case 'traverse':
        return step.binds.length === 2 ? [...step.binds].reverse() : step.binds;
      case 'constrain':
      case 'filter':
      case 'anti-join':
      case 'anti-join-edge':
        return [];
      default:
        return assertNever(step, 'match step');
    }
  });
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, index) => name === b[index]);
}

import type { ReadQueryIR } from '../../../compiler/ir/query-ir.js';
import { assertNever } from '../../../util/assert-never.js';
import { matchExprs, walkExpr } from '../execution/expr-walk.js';
import type { MatchPlan, MatchStep } from './match-plan.js';
import type { OutputPlan, RowOrderStage } from './output-plan.js';

/**
 * How the rows a `match` binds reach its output: all built, then ordered and limited; or, for a
 * limited read, streamed through the match in batches so that no stage holds more than a batch.
 */
export type RowFlow = MaterializedFlow | StreamedFlow;

/** A flow that streams: the limit pushed into the match, or a bounded top-k. */
export type StreamedFlow = LimitPushdownFlow | TopKFlow;

/** Every row is built, then ordered and limited. */
export interface MaterializedFlow {
  readonly kind: 'materialized';
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

/**
 * The flow of a general read. A limited read of plain rows whose match multiplies rows after its
 * first start variable streams (otherwise no stage holds more rows than that variable's scan):
 * its limit is pushed into the match when the rows come out in result order (no `order` keys,
 * and the steps bind the variables in the order their ids break ties), else a bounded top-k keeps
 * the best rows. Search predicates and rankings keep the rows materialized: their values are
 * computed over all the candidates at once (`rrf` ranks within them).
 */
export function planRowFlow(query: ReadQueryIR, match: MatchPlan, output: OutputPlan): RowFlow {
  if (output.kind !== 'rows' || output.limit === undefined) return MATERIALIZED;
  if (searches(query, output.order)) return MATERIALIZED;
  const head = match.steps.findIndex((step) => step.kind === 'scan' || step.kind === 'key-seed');
  if (head < 0 || !match.steps.slice(head + 1).some(multipliesRows)) return MATERIALIZED;
  const limit = output.limit.count;
  const inOrder =
    output.order.keys.length === 0 && sameNames(streamOrder(match.steps), output.order.ties);
  return { kind: inOrder ? 'limit-pushdown' : 'top-k', head: head + 1, limit };
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

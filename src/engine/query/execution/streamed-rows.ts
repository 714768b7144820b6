import { assertNever } from '../../../util/assert-never.js';
import type { MatchPlan } from '../plan/match-plan.js';
import type { RowsOutput } from '../plan/output-plan.js';
import { measured, measuredSync } from '../plan/plan-profile.js';
import type { StreamedFlow } from '../plan/row-flow.js';
import { checkQueryRows } from '../query-rows.js';
import type { ExecContext } from './exec-context.js';
import { streamMatch } from './match-stream.js';
import { orderRows, projectRows } from './output-executor.js';
import type { Relation } from './relation.js';
import { EMPTY_BLOCK, type RowBlock } from './row-block.js';

/**
 * The output rows of a limited read whose match streams: with the limit pushed down, the first
 * `limit` rows as they come (they come in result order); with a top-k, each batch merged into the
 * best `limit` rows so far. Either way the rows, and their order, are those that ordering every
 * row and then limiting gives; only the rows kept are projected.
 */
export async function streamedRows(
  ctx: ExecContext,
  match: MatchPlan,
  output: RowsOutput,
  flow: StreamedFlow,
): Promise<RowBlock> {
  let kept: Relation | undefined;
  await streamMatch(ctx, match, flow, flow.limit, async (rows) => {
    const before = kept;
    const after = await measured(
      ctx.profile,
      output.order,
      () => merged(ctx, output, flow, before, rows),
      () => rows.size,
    );
    kept = after;
    return flow.kind === 'limit-pushdown' ? flow.limit - after.size : Number.POSITIVE_INFINITY;
  });
  const { limit } = output;
  if (limit !== undefined) {
    measuredSync(
      ctx.profile,
      limit,
      () => kept?.size ?? 0,
      (size) => size,
    );
  }
  return kept === undefined ? EMPTY_BLOCK : projectRows(ctx, output.project, kept, undefined);
}

/** The rows kept once a batch's `rows` are in, in result order. */
async function merged(
  ctx: ExecContext,
  output: RowsOutput,
  flow: StreamedFlow,
  kept: Relation | undefined,
  rows: Relation,
): Promise<Relation> {
  switch (flow.kind) {
    case 'limit-pushdown': {
      const taken = rows.slice(0, flow.limit - (kept?.size ?? 0));
      // The rows kept are a stage too: a limit above the row limit may not hold more.
      checkQueryRows((kept?.size ?? 0) + taken.size, ctx.maxRows);
      return kept === undefined ? taken : kept.concat(taken);
    }
    case 'top-k': {
      // The batch's best rows, in the order they streamed (the last tie break), merged with the
      // best rows so far, which streamed before them.
      const best = await orderRows(ctx, output.order, rows, undefined, flow.limit);
      const streamed = rows.pick(best.rows.sort((a, b) => a - b));
      const candidates = kept === undefined ? streamed : kept.concat(streamed);
      checkQueryRows(candidates.size, ctx.maxRows);
      const top = await orderRows(ctx, output.order, candidates, undefined, flow.limit);
      return candidates.pick(top.rows);
    }
    default:
      return assertNever(flow, 'streamed flow');
  }
}

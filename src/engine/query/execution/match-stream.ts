import type { MatchPlan, MatchStep } from '../plan/match-plan.js';
import { measured } from '../plan/plan-profile.js';
import type { StreamedFlow } from '../plan/row-flow.js';
import type { ExecContext } from './exec-context.js';
import { applyStep, stopsWhenEmpty } from './match-executor.js';
import { idColumns, RowsById } from './id-order.js';
import { Relation } from './relation.js';

/**
 * Rows a batch aims at: enough that each step's fixed cost per call (a Lance lookup, a topology
 * walk's setup) is spread over many rows, few enough that a batch stays small next to the heap.
 */
const BATCH_ROWS = 1 << 16;

/** Takes the rows of one batch; resolves to how many more rows it wants (0 ends the stream). */
export type BatchConsumer = (rows: Relation) => Promise<number>;

/**
 * Runs a top-level match plan as a stream, handing its rows to `consume` batch by batch while it
 * wants more (`wanted` at first): the first `flow.head` steps run once, the others on batches of
 * the head's rows in turn. Every step works row by row, so the batches' rows together are the
 * match's rows. Batches start at one head row and grow while they give fewer rows than wanted
 * (at most {@link BATCH_ROWS}), so a limit met by the first rows computes nothing further. With
 * a pushed-down limit the binding steps yield their entities in id order, so the rows come out
 * in result order.
 */
export async function streamMatch(
  ctx: ExecContext,
  plan: MatchPlan,
  flow: StreamedFlow,
  wanted: number,
  consume: BatchConsumer,
): Promise<void> {
  if (wanted <= 0) return;
  const ordered = flow.kind === 'limit-pushdown';
  let head = Relation.unit();
  for (const step of plan.steps.slice(0, flow.head)) {
    if (head.size === 0 && stopsWhenEmpty(step)) return;
    head = await runStep(ctx, head, step, false);
  }
  const tail = plan.steps.slice(flow.head);
  const batches = headBatches(head, ordered);
  let want = wanted;
  let size = 1;
  while (batches.remaining() > 0 && want > 0) {
    const batch = batches.take(size);
    let rows = batch;
    for (const step of tail) {
      if (rows.size === 0 && stopsWhenEmpty(step)) break;
      rows = await runStep(ctx, rows, step, ordered);
    }
    if (rows.size > 0) want = await consume(rows);
    size = nextBatchSize(batch.size, rows.size, want);
  }
}

/** The head's rows, taken in batches: in row order, or with `ordered` in id order. */
interface HeadBatches {
  remaining(): number;
  take(size: number): Relation;
}

function headBatches(head: Relation, ordered: boolean): HeadBatches {
  if (ordered) {
    // The head's rows come in id order only as they are taken: a limit met by the first rows
    // orders no more of them.
    const rows = new RowsById(idColumns(head), head.size);
    return { remaining: () => rows.remaining, take: (size) => head.pick(rows.take(size)) };
  }
  let start = 0;
  return {
    remaining: () => head.size - start,
    take: (size) => {
      const batch = head.slice(start, start + size);
      start += batch.size;
      return batch;
    },
  };
}

function runStep(
  ctx: ExecContext,
  relation: Relation,
  step: MatchStep,
  ordered: boolean,
): Promise<Relation> {
  return measured(
    ctx.profile,
    step,
    () => applyStep(ctx, relation, step, ordered),
    (output) => output.size,
  );
}

/**
 * The head rows of the next batch: as many as should give the rows wanted (at most
 * {@link BATCH_ROWS}) at the rows per head row seen last, at most twice the last batch.
 */
function nextBatchSize(size: number, rows: number, want: number): number {
  if (rows === 0) return size * 2;
  const goal = Math.min(want, BATCH_ROWS);
  return Math.max(1, Math.min(size * 2, Math.ceil((goal * size) / rows)));
}

import type { QueryResult } from '../../api/graph.js';
import type { QueryExplainOutput } from '../../api/query-plan.js';
import type { ReadOutput, ReadTargetOutput } from '../../api/read-output.js';
import type { ReadQueryIR } from '../../compiler/ir/query-ir.js';
import { bindParams } from '../../compiler/params/bind-params.js';
import { OmniError } from '../../util/omni-error.js';
import { normalizeBranchName } from '../root/index.js';
import type { ReadTarget, Snapshot } from '../snapshot/index.js';
import { ExecContext } from './execution/exec-context.js';
import type { OperandScope } from '../values/index.js';
import { describePlan } from './plan/describe-plan.js';
import type { PhysicalPlan } from './plan/physical-plan.js';
import { planInputsOf } from './plan/plan-inputs.js';
import { PlanProfile } from './plan/plan-profile.js';
import { planRead } from './plan/plan-read.js';
import type { QueryServices } from './query-services.js';
import { executePlan } from './execution/read-executor.js';

/** A read query to run against a resolved snapshot. */
export interface ReadQueryRequest {
  readonly source: string;
  readonly name: string | undefined;
  readonly params: unknown;
  /** What the caller asked to read (reported back as the result's `target`). */
  readonly target: ReadTargetOutput;
  /** The file the source was read from, named by compile errors. */
  readonly file?: string;
}

/** Options of {@link runReadQuery}. */
export interface RunReadOptions {
  /** Measure each stage of the plan (rows, time, traversal strategy) and report them. */
  readonly profile?: boolean;
}

/**
 * Compiles a read query against the snapshot's schema, binds its params, plans it and runs the
 * plan: one snapshot for the whole query, one clock read for `now()`. A mutation is refused
 * (`bad_request`). With `{profile: true}` the result carries the plan with per-stage figures.
 */
export async function runReadQuery(
  snapshot: Snapshot,
  request: ReadQueryRequest,
  services: QueryServices,
  options: RunReadOptions = {},
): Promise<QueryResult> {
  const started = performance.now();
  const { query, operands, plan } = planned(snapshot, request, services);
  const profile = options.profile === true ? new PlanProfile() : undefined;
  const ctx = ExecContext.of(snapshot, query, operands, services, profile);
  const { columns, rows } = await executePlan(ctx, plan);
  const result: ReadOutput = {
    query_name: query.name,
    target: request.target,
    row_count: rows.length,
    columns,
    rows,
    graph_commit_id: snapshot.commit.graph_commit_id,
  };
  if (profile === undefined) return result;
  const total_ms = Math.round((performance.now() - started) * 1000) / 1000;
  return {
    ...result,
    profile: {
      query_name: query.name,
      plan: describePlan(plan, profile),
      total_ms,
      caches: services.budget.usage(),
    },
  };
}

/**
 * The plan of a read query, without running it: compiles, binds the params (pushdown depends on
 * their values) and plans against the snapshot's manifest and catalog; no table is read. The
 * request's `target` is not used.
 */
export function explainReadQuery(
  snapshot: Snapshot,
  request: ReadQueryRequest,
  services: QueryServices,
): QueryExplainOutput {
  const { query, plan } = planned(snapshot, request, services);
  return { query_name: query.name, plan: describePlan(plan) };
}

/** The compiled query, its operands and its plan. */
function planned(
  snapshot: Snapshot,
  request: ReadQueryRequest,
  services: QueryServices,
): { query: ReadQueryIR; operands: OperandScope; plan: PhysicalPlan } {
  const query = services.compiled.compile(
    snapshot.schema.id,
    snapshot.catalog,
    request.source,
    request.name,
    request.file,
  );
  if (query.kind === 'mutation') {
    throw new OmniError(
      'bad_request',
      `query '${query.name}' contains mutations (insert/update/delete); use mutate for write queries`,
      { details: { query: query.name } },
    );
  }
  const operands = { params: bindParams(query, request.params), nowMs: Date.now() };
  return { query, operands, plan: planRead(query, planInputsOf(snapshot, operands)) };
}

/** The `target` a result reports for what was asked: a (normalized) branch or a snapshot. */
export function resultTarget(target: ReadTarget): ReadTargetOutput {
  return 'snapshot' in target
    ? { branch: null, snapshot: target.snapshot }
    : { branch: normalizeBranchName(target.branch), snapshot: null };
}

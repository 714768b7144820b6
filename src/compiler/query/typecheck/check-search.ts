import type {
  Bm25IR,
  LiteralIR,
  NearestIR,
  OperandIR,
  ParamRefIR,
  PropertyRefIR,
  RankIR,
  RrfIR,
  TextSearchIR,
  TextSearchMode,
} from '../../ir/expr-ir.js';
import { integerValue, isIntegerScalar } from '../../ir/numeric-value.js';
import type {
  Bm25Expr,
  Expr,
  FuzzyExpr,
  MatchTextExpr,
  NearestExpr,
  RrfExpr,
  SearchExpr,
} from '../ast.js';
import { fail, type CheckContext } from './check-context.js';
import { checkPropertyRef } from './check-reference.js';
import { literalAs } from './literal-value.js';
import type { Scope } from './scope.js';
import type { TypeErrorCode } from './type-error.js';
import { describeType, scalarType } from './value-types.js';

/** The default `k` of `rrf`. */
export const DEFAULT_RRF_K = 60;

const TEXT_SEARCH_CODE: Readonly<Record<TextSearchMode, TypeErrorCode>> = {
  search: 'T19',
  fuzzy: 'T19',
  match_text: 'T20',
};

/** The functions searching a String property, as written. */
type TextFunction = TextSearchMode | 'bm25';

/** `search(…)`, `fuzzy(…)`, `match_text(…)`: String field, String query (T19 / T20). */
export function checkTextSearch(
  ctx: CheckContext,
  scope: Scope,
  expr: SearchExpr | FuzzyExpr | MatchTextExpr,
): TextSearchIR {
  const mode = expr.kind === 'match-text' ? 'match_text' : expr.kind;
  const code = TEXT_SEARCH_CODE[mode];
  return {
    kind: 'text-search',
    mode,
    field: textField(ctx, scope, expr.field, code, mode),
    query: textQuery(ctx, expr.query, code, mode),
    maxEdits: expr.kind === 'fuzzy' ? maxEdits(ctx, expr.maxEdits) : undefined,
    valueType: scalarType('Bool'),
  };
}

/** `bm25(field, query)`: String field, String query (T20). */
export function checkBm25(ctx: CheckContext, scope: Scope, expr: Bm25Expr): Bm25IR {
  return {
    kind: 'bm25',
    field: textField(ctx, scope, expr.field, 'T20', 'bm25'),
    query: textQuery(ctx, expr.query, 'T20', 'bm25'),
    valueType: scalarType('F64'),
  };
}

/**
 * `nearest(field, query)`: a Vector field and a query that is a `Vector(N)` of the same
 * dimension or a String to embed (T15).
 */
export function checkNearest(ctx: CheckContext, scope: Scope, expr: NearestExpr): NearestIR {
  const field = checkPropertyRef(ctx, scope, expr.field);
  rejectEdgeField(ctx, field, expr, 'nearest');
  const fieldType = field.valueType.type;
  if (fieldType.kind !== 'vector') {
    fail(
      ctx,
      'T15',
      expr.field.at,
      `nearest() needs a Vector property, but $${field.variable}.${field.property} is ${describeType(field.valueType)}`,
    );
  }
  const dimension = fieldType.dimension;
  const query = nearestQuery(ctx, expr.query, dimension);
  return { kind: 'nearest', field, dimension, ...query, valueType: scalarType('F64') };
}

/** `rrf(a, b, k)`: `a` and `b` are nearest/bm25 rankings, `k` an integer > 0 (T21). */
export function checkRrf(ctx: CheckContext, scope: Scope, expr: RrfExpr): RrfIR {
  return {
    kind: 'rrf',
    left: rank(ctx, scope, expr.left),
    right: rank(ctx, scope, expr.right),
    k: rrfK(ctx, expr.k),
    valueType: scalarType('F64'),
  };
}

function rank(ctx: CheckContext, scope: Scope, expr: Expr): RankIR {
  if (expr.kind === 'nearest') return checkNearest(ctx, scope, expr);
  if (expr.kind === 'bm25') return checkBm25(ctx, scope, expr);
  return fail(ctx, 'T21', expr.at, 'rrf() operands must be nearest(…) or bm25(…) rankings');
}

function rrfK(ctx: CheckContext, k: Expr | undefined): number {
  if (k === undefined) return DEFAULT_RRF_K;
  if (k.kind === 'literal' && k.value.kind === 'integer' && k.value.value > 0n) {
    const fit = integerValue('U32', k.value.value);
    if (fit.ok) return Number(fit.value.value);
  }
  return fail(ctx, 'T21', k.at, 'rrf() k must be an integer literal greater than 0');
}

function textField(
  ctx: CheckContext,
  scope: Scope,
  expr: Expr,
  code: TypeErrorCode,
  fn: TextFunction,
): PropertyRefIR {
  if (expr.kind !== 'property') {
    fail(ctx, code, expr.at, `${fn}() searches a String property such as $d.body`);
  }
  const field = checkPropertyRef(ctx, scope, expr);
  rejectEdgeField(ctx, field, expr, fn);
  const type = field.valueType.type;
  if (type.kind !== 'scalar' || type.scalar !== 'String') {
    fail(
      ctx,
      code,
      expr.at,
      `${fn}() needs a String property, but $${field.variable}.${field.property} is ${describeType(field.valueType)}`,
    );
  }
  return field;
}

function textQuery(
  ctx: CheckContext,
  expr: Expr,
  code: TypeErrorCode,
  fn: TextFunction,
): LiteralIR | ParamRefIR {
  return (
    stringOperand(ctx, expr) ??
    fail(ctx, code, expr.at, `${fn}() query must be a String parameter or literal`)
  );
}

/** A string literal or a String parameter, else undefined. */
function stringOperand(ctx: CheckContext, expr: Expr): LiteralIR | ParamRefIR | undefined {
  if (expr.kind === 'literal' && expr.value.kind === 'string') {
    const value = { kind: 'string', value: expr.value.value } as const;
    return { kind: 'literal', value, valueType: scalarType('String') };
  }
  const param = expr.kind === 'variable' ? ctx.params.get(expr.name) : undefined;
  if (param?.type.kind === 'scalar' && param.type.scalar === 'String') {
    return { kind: 'param', name: param.name, valueType: scalarType('String', param.nullable) };
  }
  return undefined;
}

function maxEdits(ctx: CheckContext, expr: Expr | undefined): OperandIR | undefined {
  if (expr === undefined) return undefined;
  if (expr.kind === 'literal' && expr.value.kind === 'integer') {
    const fit = integerValue('U32', expr.value.value);
    if (fit.ok) return { kind: 'literal', value: fit.value, valueType: scalarType('U32') };
  }
  const param = expr.kind === 'variable' ? ctx.params.get(expr.name) : undefined;
  if (param?.type.kind === 'scalar' && isIntegerScalar(param.type.scalar)) {
    const valueType = { type: param.type, nullable: param.nullable };
    return { kind: 'param', name: param.name, valueType };
  }
  return fail(ctx, 'T19', expr.at, 'fuzzy() max_edits must be an integer literal or parameter');
}

function nearestQuery(
  ctx: CheckContext,
  expr: Expr,
  dimension: number,
): Pick<NearestIR, 'query' | 'queryKind'> {
  const text = stringOperand(ctx, expr);
  if (text !== undefined) return { query: text, queryKind: 'text' };
  const expected = `Vector(${dimension}) or String`;
  const vectorType = { kind: 'vector', dimension } as const;
  if (expr.kind === 'literal') {
    const result = literalAs(expr.value, vectorType);
    if (!result.ok) {
      fail(ctx, 'T15', expr.at, `nearest() query must be ${expected}: ${result.message}`);
    }
    const valueType = { type: vectorType, nullable: false };
    return { query: { kind: 'literal', value: result.value, valueType }, queryKind: 'vector' };
  }
  const param = expr.kind === 'variable' ? ctx.params.get(expr.name) : undefined;
  if (param === undefined) {
    return fail(ctx, 'T15', expr.at, `nearest() query must be a ${expected} parameter or literal`);
  }
  const valueType = { type: param.type, nullable: param.nullable };
  if (param.type.kind === 'vector' && param.type.dimension === dimension) {
    return { query: { kind: 'param', name: param.name, valueType }, queryKind: 'vector' };
  }
  const problem = param.type.kind === 'vector' ? 'dimension mismatch' : `must be ${expected}`;
  return fail(
    ctx,
    'T15',
    expr.at,
    `nearest() query ${problem}: the field is Vector(${dimension}), $${param.name} is ${describeType(valueType)}`,
  );
}

function rejectEdgeField(ctx: CheckContext, field: PropertyRefIR, expr: Expr, fn: string): void {
  if (field.entity === 'edge') {
    fail(
      ctx,
      'T23',
      expr.at,
      `${fn}() cannot search edge property $${field.variable}.${field.property}`,
    );
  }
}

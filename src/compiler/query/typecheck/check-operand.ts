import { assertNever } from '../../../util/assert-never.js';
import type { PropertyType } from '../../catalog/catalog.js';
import { formatPropertyType } from '../../catalog/property-type.js';
import type { ExprType, LiteralIR, NowIR, OperandIR, ParamRefIR } from '../../ir/expr-ir.js';
import type { LiteralExpr, MatchValue, NowExpr, VariableExpr } from '../ast.js';
import { fail, type CheckContext } from './check-context.js';
import { closestVariableName } from './check-reference.js';
import { literalAs } from './literal-value.js';
import type { TypeErrorCode } from './type-error.js';
import { assignable, comparable, describeType, scalarType } from './value-types.js';

/**
 * Where a supplied value (literal, `$param`, `now()`) goes, which decides its rules and codes:
 * - `binding`: compared with a property in a match pattern (mismatch T3, unknown variable T6);
 * - `assignment`: stored by insert/update (mismatch T7, unknown variable T14, null into a
 *   non-nullable property T3);
 * - `predicate`: compared in a mutation `where` (mismatch T7, unknown variable T14).
 * A literal that has the right type but does not fit (range, enum member, vector length) is T3.
 */
export type OperandRole = 'binding' | 'assignment' | 'predicate';

/** The type a value must have, and how messages name it (`Person.age`). */
export interface OperandTarget {
  readonly type: PropertyType;
  readonly nullable: boolean;
  readonly subject: string;
}

const MISMATCH: Readonly<Record<OperandRole, TypeErrorCode>> = {
  binding: 'T3',
  assignment: 'T7',
  predicate: 'T7',
};

const UNDECLARED: Readonly<Record<OperandRole, TypeErrorCode>> = {
  binding: 'T6',
  assignment: 'T14',
  predicate: 'T14',
};

/** Checks a supplied value against the type it is compared with or stored as. */
export function checkOperand(
  ctx: CheckContext,
  value: MatchValue,
  target: OperandTarget,
  role: OperandRole,
): OperandIR {
  switch (value.kind) {
    case 'literal':
      return literalOperand(ctx, value, target, role);
    case 'variable':
      return paramOperand(ctx, value, target, role);
    case 'now':
      return nowOperand(ctx, value, target);
    default:
      return assertNever(value, 'match value');
  }
}

function literalOperand(
  ctx: CheckContext,
  expr: LiteralExpr,
  target: OperandTarget,
  role: OperandRole,
): LiteralIR {
  const result = literalAs(expr.value, target.type);
  if (!result.ok) {
    const code = result.problem === 'value' ? 'T3' : MISMATCH[role];
    fail(ctx, code, expr.at, `${target.subject} ${result.message}`, result.suggestion);
  }
  return {
    kind: 'literal',
    value: result.value,
    valueType: { type: target.type, nullable: false },
  };
}

function paramOperand(
  ctx: CheckContext,
  expr: VariableExpr,
  target: OperandTarget,
  role: OperandRole,
): ParamRefIR {
  const param = ctx.params.get(expr.name);
  if (param === undefined) {
    const what = role === 'binding' ? 'a match value' : 'a mutation value';
    fail(
      ctx,
      UNDECLARED[role],
      expr.at,
      `$${expr.name} used as ${what} is not a declared query parameter`,
      closestVariableName(expr.name, ctx.params.keys()),
    );
  }
  const valueType: ExprType = { type: param.type, nullable: param.nullable };
  const fits =
    role === 'assignment'
      ? assignable(param.type, target.type)
      : comparable(param.type, target.type);
  if (!fits) {
    fail(
      ctx,
      MISMATCH[role],
      expr.at,
      `${target.subject} ${describeTarget(target)} cannot take $${expr.name} of type ${describeType(valueType)}`,
    );
  }
  if (role === 'assignment' && param.nullable && !target.nullable) {
    fail(
      ctx,
      'T3',
      expr.at,
      `${target.subject} is non-nullable but $${expr.name} is declared nullable (${describeType(valueType)})`,
    );
  }
  return { kind: 'param', name: expr.name, valueType };
}

function nowOperand(ctx: CheckContext, expr: NowExpr, target: OperandTarget): NowIR {
  if (target.type.kind !== 'scalar' || target.type.scalar !== 'DateTime') {
    fail(
      ctx,
      'T7',
      expr.at,
      `${target.subject} ${describeTarget(target)} cannot take now(), a DateTime`,
    );
  }
  return useNow(ctx);
}

/** `now()`: a non-null DateTime, read once per query (so the query records that it uses it). */
export function useNow(ctx: CheckContext): NowIR {
  ctx.collected.usesNow = true;
  return { kind: 'now', valueType: scalarType('DateTime') };
}

function describeTarget(target: OperandTarget): string {
  return `(${formatPropertyType(target.type, target.nullable)})`;
}

import { closestName } from '../../../util/closest-name.js';
import { OmniError } from '../../../util/omni-error.js';
import { findEdgeType, findNodeType, findProperty } from '../../catalog/catalog-lookup.js';
import type { EdgeType, NodeType, Property } from '../../catalog/catalog.js';
import type { EntityIdIR, ParamRefIR, PropertyRefIR } from '../../ir/expr-ir.js';
import type { PropertyExpr, SourcePos, VariableExpr } from '../ast.js';
import { ANONYMOUS, fail, isSpellable, type CheckContext } from './check-context.js';
import type { Scope, ScopedVariable } from './scope.js';
import { scalarType } from './value-types.js';

/**
 * The bound variable `name`, or T6 naming why it is not one, suggesting the closest of the
 * bound variables (and of the parameters when `orParam`, where one would do).
 */
export function boundVariable(
  ctx: CheckContext,
  scope: Scope,
  name: string,
  at: SourcePos,
  orParam = false,
): ScopedVariable {
  if (name === ANONYMOUS) fail(ctx, 'T6', at, 'the anonymous variable $_ cannot be referenced');
  const variable = scope.lookup(name);
  if (variable !== undefined) return variable;
  if (ctx.params.has(name)) {
    fail(ctx, 'T6', at, `$${name} is a query parameter, not a variable bound in match`);
  }
  const names = scope.names().filter(isSpellable);
  const candidates = orParam ? [...names, ...ctx.params.keys()] : names;
  return fail(
    ctx,
    'T6',
    at,
    `variable $${name} is not bound in match`,
    closestVariableName(name, candidates),
  );
}

/** The `$`-spelled variable or parameter closest to the unknown `$name`, if any is close. */
export function closestVariableName(
  name: string,
  candidates: Iterable<string>,
): string | undefined {
  const closest = closestName(name, candidates);
  return closest === undefined ? undefined : `$${closest}`;
}

/** The property of `type` closest to the unknown `name`, if any is close. */
export function closestPropertyName(
  type: { readonly properties: readonly Property[] },
  name: string,
): string | undefined {
  return closestName(
    name,
    type.properties.map((property) => property.name),
  );
}

/** The node or edge type of a bound variable (always in the catalog: binding checked it). */
export function variableType(ctx: CheckContext, variable: ScopedVariable): NodeType | EdgeType {
  const type =
    variable.kind === 'node'
      ? findNodeType(ctx.catalog, variable.typeName)
      : findEdgeType(ctx.catalog, variable.typeName);
  if (type === undefined) {
    throw new OmniError('internal', `bound type ${variable.typeName} is not in the catalog`);
  }
  return type;
}

/** `$p.name`: a property of a bound node or edge (T6 when either is unknown). */
export function checkPropertyRef(
  ctx: CheckContext,
  scope: Scope,
  expr: PropertyExpr,
): PropertyRefIR {
  const variable = boundVariable(ctx, scope, expr.variable, expr.at);
  const type = variableType(ctx, variable);
  const property = findProperty(type, expr.property);
  if (property === undefined) {
    fail(
      ctx,
      'T6',
      expr.at,
      `${variable.kind} type ${type.name} has no property '${expr.property}'`,
      closestPropertyName(type, expr.property),
    );
  }
  return {
    kind: 'property',
    variable: expr.variable,
    entity: variable.kind,
    typeName: type.name,
    property: property.name,
    valueType: { type: property.type, nullable: property.nullable },
  };
}

/** A bare `$v`: a node's id, or a parameter. A bare edge variable is T23. */
export function checkVariable(
  ctx: CheckContext,
  scope: Scope,
  expr: VariableExpr,
): EntityIdIR | ParamRefIR {
  // A parameter can never also be a match variable: binding one is rejected.
  const param = ctx.params.get(expr.name);
  if (param !== undefined) {
    return {
      kind: 'param',
      name: param.name,
      valueType: { type: param.type, nullable: param.nullable },
    };
  }
  const variable = boundVariable(ctx, scope, expr.name, expr.at, true);
  if (variable.kind === 'edge') {
    fail(
      ctx,
      'T23',
      expr.at,
      `edge variable $${expr.name} cannot be used bare; use $${expr.name}.<property>`,
    );
  }
  return {
    kind: 'entity-id',
    variable: expr.name,
    typeName: variable.typeName,
    valueType: scalarType('String'),
  };
}

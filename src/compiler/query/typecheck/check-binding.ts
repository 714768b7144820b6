import { closestName } from '../../../util/closest-name.js';
import { findEdgeType, findNodeType, findProperty } from '../../catalog/catalog-lookup.js';
import type { NodeType, Property } from '../../catalog/catalog.js';
import { formatPropertyType } from '../../catalog/property-type.js';
import type { PropertyRefIR } from '../../ir/expr-ir.js';
import type { BindingIR, FilterIR } from '../../ir/match-ir.js';
import type { BindingClause, PropMatch } from '../ast.js';
import { ANONYMOUS, fail, freshAnonymous, type CheckContext } from './check-context.js';
import { checkOperand } from './check-operand.js';
import { closestPropertyName } from './check-reference.js';
import type { Scope } from './scope.js';
import { isBlob } from './value-types.js';

/** What checking the bindings of a scope produces. */
export interface BindingsOut {
  readonly bindings: BindingIR[];
  /** Inline matches on a variable bound earlier (in this or an outer scope). */
  readonly filters: FilterIR[];
}

/**
 * `$p: Person { name: $n }`: declares `$p` (T1 unknown type), or re-states an already bound
 * variable of the same type (T5 otherwise, T23 for an edge variable); each inline match becomes
 * a filter (T2 unknown property, T3 mismatch, blob or vector property).
 */
export function checkBinding(
  ctx: CheckContext,
  scope: Scope,
  clause: BindingClause,
  out: BindingsOut,
): void {
  const type = bindingType(ctx, clause);
  const name = clause.variable === ANONYMOUS ? freshAnonymous(ctx) : clause.variable;
  if (ctx.params.has(name)) {
    fail(ctx, 'T6', clause.at, `$${name} is a query parameter and cannot be bound in match`);
  }
  const filters = clause.props.map((match) => propertyMatch(ctx, name, type, match));
  const existing = scope.lookup(name);
  if (existing === undefined) {
    scope.declare(name, { kind: 'node', typeName: type.name });
    out.bindings.push({ variable: name, nodeType: type.name, declared: true, filters });
    return;
  }
  if (existing.kind === 'edge') {
    fail(ctx, 'T23', clause.at, `edge variable $${name} cannot be rebound as a ${type.name} node`);
  }
  if (existing.typeName !== type.name) {
    fail(
      ctx,
      'T5',
      clause.at,
      `variable $${name} is bound to ${existing.typeName}, not ${type.name}`,
    );
  }
  out.filters.push(...filters);
}

function bindingType(ctx: CheckContext, clause: BindingClause): NodeType {
  const type = findNodeType(ctx.catalog, clause.typeName);
  if (type !== undefined) return type;
  const message = `unknown node type '${clause.typeName}'`;
  if (findEdgeType(ctx.catalog, clause.typeName) !== undefined) {
    return fail(
      ctx,
      'T1',
      clause.at,
      `${message} (${clause.typeName} is an edge type; traverse it instead)`,
    );
  }
  const names = ctx.catalog.nodeTypes.map((candidate) => candidate.name);
  return fail(ctx, 'T1', clause.at, message, closestName(clause.typeName, names));
}

function propertyMatch(
  ctx: CheckContext,
  variable: string,
  type: NodeType,
  match: PropMatch,
): FilterIR {
  const property = findProperty(type, match.property);
  if (property === undefined) {
    fail(
      ctx,
      'T2',
      match.at,
      `node type ${type.name} has no property '${match.property}'`,
      closestPropertyName(type, match.property),
    );
  }
  const subject = `${type.name}.${property.name}`;
  const left = propertyRef(variable, type, property);
  if (isBlob(property.type) || property.type.kind === 'vector') {
    fail(
      ctx,
      'T3',
      match.at,
      `${formatPropertyType(property.type, false)} property ${subject} cannot be matched in a pattern`,
    );
  }
  if (property.type.kind === 'list') {
    // A scalar against a list property tests membership; comparing whole lists is rejected.
    if (match.value.kind === 'literal' && match.value.value.kind === 'list') {
      fail(ctx, 'T3', match.at, `list equality is not supported for ${subject}; match one element`);
    }
    const element = { kind: 'scalar', scalar: property.type.element } as const;
    const right = checkOperand(
      ctx,
      match.value,
      { type: element, nullable: false, subject },
      'binding',
    );
    return { left, op: 'contains', right };
  }
  const target = { type: property.type, nullable: property.nullable, subject };
  return { left, op: '=', right: checkOperand(ctx, match.value, target, 'binding') };
}

function propertyRef(variable: string, type: NodeType, property: Property): PropertyRefIR {
  return {
    kind: 'property',
    variable,
    entity: 'node',
    typeName: type.name,
    property: property.name,
    valueType: { type: property.type, nullable: property.nullable },
  };
}

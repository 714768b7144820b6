import { closestName } from '../../../util/closest-name.js';
import { edgeTraversalName, findEdgeType } from '../../catalog/catalog-lookup.js';
import type { EdgeType } from '../../catalog/catalog.js';
import type { BindingIR, TraversalIR } from '../../ir/match-ir.js';
import type { TraversalClause } from '../ast.js';
import { ANONYMOUS, fail, freshAnonymous, type CheckContext } from './check-context.js';
import type { Scope } from './scope.js';

/** Default hop bounds: exactly one hop. */
const ONE_HOP = { min: 1, max: 1 } as const;

/**
 * `$a edge{min,max} $b`: the edge exists (T4), the bounds are finite and ordered (T15), an
 * undirected traversal joins a node type to itself (T22), the endpoints are nodes of the edge's
 * types (T5), and an edge variable is fresh and unbounded (T23). Unbound endpoints are bound
 * here; they are pushed to `implied`.
 */
export function checkTraversal(
  ctx: CheckContext,
  scope: Scope,
  clause: TraversalClause,
  implied: BindingIR[],
): TraversalIR {
  const edge = traversedEdge(ctx, clause);
  const hops = hopBounds(ctx, clause);
  if (clause.undirected && edge.from !== edge.to) {
    fail(
      ctx,
      'T22',
      clause.at,
      `undirected traversal <${clause.edge}> needs an edge between one node type, but ${edge.name} goes ${edge.from} -> ${edge.to}`,
    );
  }
  const sourceKnown = isKnown(scope, clause.source);
  const source = endpoint(ctx, scope, clause, clause.source, edge.from, 'source', implied);
  const targetKnown = isKnown(scope, clause.target);
  const target = endpoint(ctx, scope, clause, clause.target, edge.to, 'target', implied);
  return {
    source,
    target,
    sourceType: edge.from,
    targetType: edge.to,
    edgeType: edge.name,
    direction: !sourceKnown && targetKnown ? 'in' : 'out',
    undirected: clause.undirected,
    minHops: hops.min,
    maxHops: hops.max,
    edgeVariable: edgeVariable(ctx, scope, clause, edge),
  };
}

function traversedEdge(ctx: CheckContext, clause: TraversalClause): EdgeType {
  const edge = findEdgeType(ctx.catalog, clause.edge);
  if (edge !== undefined && edgeTraversalName(edge) === clause.edge) return edge;
  // Queries spell edges by their traversal name, so that is what to suggest.
  const names = ctx.catalog.edgeTypes.map(edgeTraversalName);
  return fail(
    ctx,
    'T4',
    clause.at,
    `unknown edge type '${clause.edge}'`,
    closestName(clause.edge, names),
  );
}

function hopBounds(ctx: CheckContext, clause: TraversalClause): { min: number; max: number } {
  const bounds = clause.bounds;
  if (bounds === undefined) return ONE_HOP;
  if (clause.edgeVariable !== undefined) {
    fail(
      ctx,
      'T23',
      clause.at,
      `edge variable $${clause.edgeVariable} cannot bind a variable-length traversal`,
    );
  }
  if (bounds.min < 1)
    fail(ctx, 'T15', clause.at, `traversal min hops must be at least 1, got ${bounds.min}`);
  if (bounds.max === undefined) {
    fail(
      ctx,
      'T15',
      clause.at,
      `unbounded traversal is disabled: give a max, e.g. {${bounds.min},${bounds.min + 2}}`,
    );
  }
  if (bounds.max < bounds.min) {
    fail(
      ctx,
      'T15',
      clause.at,
      `traversal max hops ${bounds.max} is less than min hops ${bounds.min}`,
    );
  }
  return { min: bounds.min, max: bounds.max };
}

function isKnown(scope: Scope, name: string): boolean {
  return name !== ANONYMOUS && scope.lookup(name) !== undefined;
}

/** Resolves one endpoint to a node variable of `typeName`, binding it when new. */
function endpoint(
  ctx: CheckContext,
  scope: Scope,
  clause: TraversalClause,
  name: string,
  typeName: string,
  side: 'source' | 'target',
  implied: BindingIR[],
): string {
  const variable = name === ANONYMOUS ? freshAnonymous(ctx) : name;
  if (ctx.params.has(variable)) {
    fail(
      ctx,
      'T6',
      clause.at,
      `$${variable} is a query parameter and cannot be a traversal endpoint`,
    );
  }
  const existing = scope.lookup(variable);
  if (existing === undefined) {
    scope.declare(variable, { kind: 'node', typeName });
    implied.push({ variable, nodeType: typeName, declared: false, filters: [] });
    return variable;
  }
  if (existing.kind === 'edge') {
    fail(ctx, 'T23', clause.at, `edge variable $${variable} cannot be a traversal endpoint`);
  }
  if (existing.typeName !== typeName) {
    fail(
      ctx,
      'T5',
      clause.at,
      `$${variable} is ${existing.typeName}, but the ${side} of ${clause.edge} must be ${typeName}`,
    );
  }
  return variable;
}

function edgeVariable(
  ctx: CheckContext,
  scope: Scope,
  clause: TraversalClause,
  edge: EdgeType,
): string | undefined {
  const name = clause.edgeVariable;
  if (name === undefined) return undefined;
  const variable = name === ANONYMOUS ? freshAnonymous(ctx) : name;
  if (ctx.params.has(variable) || scope.lookup(variable) !== undefined) {
    fail(ctx, 'T23', clause.at, `edge variable $${variable} reuses a name that is already bound`);
  }
  scope.declare(variable, { kind: 'edge', typeName: edge.name });
  return variable;
}

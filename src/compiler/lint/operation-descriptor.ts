import { assertNever } from '../../util/assert-never.js';
import type { Catalog } from '../catalog/catalog.js';
import type { ExprIR } from '../ir/expr-ir.js';
import type { MatchIR } from '../ir/match-ir.js';
import type { MutationIR } from '../ir/mutation-ir.js';
import type { ProjectionIR, QueryIR } from '../ir/query-ir.js';
import { typeDescriptor } from '../ir/type-descriptor.js';
import type { OperationDescriptor, ResultField, OperationTypeRef } from './lint-output.js';

/**
 * What a typechecked query returns and which types it reads and writes. Reads/writes are
 * deduplicated and sorted; deleting a node also reads and writes its incident edge types
 * (the delete cascades), and inserting an edge reads its endpoint node types.
 */
export function describeOperation(catalog: Catalog, query: QueryIR): OperationDescriptor {
  switch (query.kind) {
    case 'read':
      return {
        result: query.projections.map(resultField),
        reads: sortedRefs(matchReads(query.match)),
        writes: [],
      };
    case 'mutation': {
      const effects = query.statements.map((statement) => statementEffects(catalog, statement));
      return {
        result: [],
        reads: sortedRefs(effects.flatMap((effect) => effect.reads)),
        writes: sortedRefs(effects.flatMap((effect) => effect.writes)),
      };
    }
    default:
      return assertNever(query, 'query');
  }
}

function resultField(projection: ProjectionIR): ResultField {
  const { type, nullable } = projection.expr.valueType;
  return {
    name: projection.alias ?? fieldName(projection.expr),
    ...typeDescriptor(type, nullable),
  };
}

/**
 * The descriptor name of an un-aliased field: the property name (not `var.prop` as the result
 * column), or the function name.
 */
function fieldName(expr: ExprIR): string {
  switch (expr.kind) {
    case 'property':
      return expr.property;
    case 'entity-id':
      return expr.variable;
    case 'param':
    case 'alias':
      return expr.name;
    case 'literal':
    case 'now':
    case 'nearest':
    case 'bm25':
    case 'rrf':
      return expr.kind;
    case 'aggregate':
      return expr.fn;
    case 'text-search':
      return expr.mode;
    default:
      return assertNever(expr, 'expression');
  }
}

function matchReads(match: MatchIR): OperationTypeRef[] {
  return [
    ...match.bindings.map((binding) => node(binding.nodeType)),
    ...match.traversals.map((traversal) => edge(traversal.edgeType)),
    ...match.negations.flatMap((negation) => matchReads(negation.match)),
  ];
}

interface Effects {
  readonly reads: readonly OperationTypeRef[];
  readonly writes: readonly OperationTypeRef[];
}

function statementEffects(catalog: Catalog, statement: MutationIR): Effects {
  switch (statement.kind) {
    case 'insert-node':
      return { reads: [], writes: [node(statement.typeName)] };
    case 'insert-edge': {
      const type = catalog.edgeTypes.find((edgeType) => edgeType.name === statement.typeName);
      const endpoints = type === undefined ? [] : [node(type.from), node(type.to)];
      return { reads: endpoints, writes: [edge(statement.typeName)] };
    }
    case 'update-node':
      return { reads: [node(statement.typeName)], writes: [node(statement.typeName)] };
    case 'delete-node': {
      const touched = [node(statement.typeName), ...incidentEdges(catalog, statement.typeName)];
      return { reads: touched, writes: touched };
    }
    case 'delete-edge':
      return { reads: [edge(statement.typeName)], writes: [edge(statement.typeName)] };
    default:
      return assertNever(statement, 'mutation statement');
  }
}

function incidentEdges(catalog: Catalog, nodeType: string): OperationTypeRef[] {
  return catalog.edgeTypes
    .filter((type) => type.from === nodeType || type.to === nodeType)
    .map((type) => edge(type.name));
}

function node(typeName: string): OperationTypeRef {
  return { kind: 'node', type_name: typeName };
}

function edge(typeName: string): OperationTypeRef {
  return { kind: 'edge', type_name: typeName };
}

/** Deduplicated, ordered by kind (`edge` before `node`) then name. */
function sortedRefs(refs: readonly OperationTypeRef[]): OperationTypeRef[] {
  const unique = new Map(refs.map((ref) => [`${ref.kind}:${ref.type_name}`, ref]));
  return [...unique.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, ref]) => ref);
}

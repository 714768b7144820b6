import { assertNever } from '../../../util/assert-never.js';
import { closestName } from '../../../util/closest-name.js';
import { findEdgeType, findNodeType, findProperty } from '../../catalog/catalog-lookup.js';
import type { EdgeType, NodeType, Property } from '../../catalog/catalog.js';
import type { OperandIR } from '../../ir/expr-ir.js';
import type {
  AssignmentIR,
  InsertEdgeIR,
  InsertNodeIR,
  MutationIR,
  PredicateIR,
  UpdateNodeIR,
} from '../../ir/mutation-ir.js';
import type {
  Assignment,
  DeleteStmt,
  InsertStmt,
  MutationBody,
  MutationStmt,
  Predicate,
  UpdateStmt,
} from '../ast.js';
import { fail, siteOf, type CheckContext } from './check-context.js';
import { checkOperand } from './check-operand.js';
import { typeError } from './type-error.js';
import { isBlob, isCollection } from './value-types.js';

const STRING = { kind: 'scalar', scalar: 'String' } as const;

/**
 * Types the statements of a mutation query. Inserts/updates and deletes may not share a query:
 * the executor applies one query as one commit, and a delete after an insert in one commit
 * would be ambiguous.
 */
export function checkMutations(ctx: CheckContext, body: MutationBody): MutationIR[] {
  rejectMixedKinds(ctx, body);
  return body.statements.map((statement) => checkStatement(ctx, statement));
}

function rejectMixedKinds(ctx: CheckContext, body: MutationBody): void {
  const deletes = body.statements.some((statement) => statement.kind === 'delete');
  const writes = body.statements.some((statement) => statement.kind !== 'delete');
  if (!deletes || !writes) return;
  throw typeError(siteOf(ctx, ctx.query.at), {
    message: `mutation '${ctx.query.name}' on the same query mixes inserts/updates and deletes; split into separate mutations: (1) inserts and updates, then (2) deletes`,
  });
}

function checkStatement(ctx: CheckContext, statement: MutationStmt): MutationIR {
  switch (statement.kind) {
    case 'insert':
      return checkInsert(ctx, statement);
    case 'update':
      return checkUpdate(ctx, statement);
    case 'delete':
      return checkDelete(ctx, statement);
    default:
      return assertNever(statement, 'mutation statement');
  }
}

function checkInsert(ctx: CheckContext, statement: InsertStmt): InsertNodeIR | InsertEdgeIR {
  const type = mutatedType(ctx, statement);
  requireAssignments(ctx, statement);
  return type.kind === 'node' ? insertNode(ctx, type, statement) : insertEdge(ctx, type, statement);
}

function insertNode(ctx: CheckContext, type: NodeType, statement: InsertStmt): InsertNodeIR {
  const assignments = statement.assignments.map((assignment) => assign(ctx, type, assignment));
  const assigned = new Set(assignments.map((assignment) => assignment.property));
  for (const property of type.properties) {
    if (assigned.has(property.name) || property.nullable) continue;
    if (property.embed === null) {
      missing(ctx, statement, `non-nullable property '${property.name}'`);
    } else if (!assigned.has(property.embed.source)) {
      missing(
        ctx,
        statement,
        `'${property.embed.source}', the @embed source of '${property.name}'`,
      );
    }
  }
  return {
    kind: 'insert-node',
    typeName: type.name,
    identity: type.key === null ? 'generated' : 'key',
    assignments,
  };
}

function insertEdge(ctx: CheckContext, type: EdgeType, statement: InsertStmt): InsertEdgeIR {
  const endpoint = (name: 'from' | 'to'): OperandIR => {
    const assignment = statement.assignments.find((a) => a.property === name);
    if (assignment === undefined) missing(ctx, statement, `edge endpoint '${name}'`);
    const target = { type: STRING, nullable: false, subject: `${type.name}.${name}` };
    return checkOperand(ctx, assignment.value, target, 'assignment');
  };
  const from = endpoint('from');
  const to = endpoint('to');
  const properties = statement.assignments.filter((assignment) => !isEndpoint(assignment.property));
  const assignments = properties.map((assignment) => assign(ctx, type, assignment));
  const assigned = new Set(assignments.map((assignment) => assignment.property));
  for (const property of type.properties) {
    if (!assigned.has(property.name) && !property.nullable) {
      missing(ctx, statement, `non-nullable property '${property.name}'`);
    }
  }
  return { kind: 'insert-edge', typeName: type.name, from, to, assignments };
}

function checkUpdate(ctx: CheckContext, statement: UpdateStmt): UpdateNodeIR {
  const type = mutatedType(ctx, statement);
  if (type.kind === 'edge') {
    fail(
      ctx,
      'T16',
      statement.at,
      `update of edge type ${type.name} is not supported; delete the edge and insert it again`,
    );
  }
  requireAssignments(ctx, statement);
  const assignments = statement.assignments.map((assignment) => {
    if (type.key?.includes(assignment.property) === true) {
      fail(
        ctx,
        'T11',
        assignment.at,
        `${type.name}.${assignment.property} is a @key property and cannot be updated; @key values are immutable`,
      );
    }
    return assign(ctx, type, assignment);
  });
  return {
    kind: 'update-node',
    typeName: type.name,
    assignments,
    where: predicate(ctx, type, statement.where),
  };
}

function checkDelete(ctx: CheckContext, statement: DeleteStmt): MutationIR {
  const type = mutatedType(ctx, statement);
  const where = predicate(ctx, type, statement.where);
  return type.kind === 'node'
    ? { kind: 'delete-node', typeName: type.name, where }
    : { kind: 'delete-edge', typeName: type.name, where };
}

/** The node or edge type a statement writes, spelled exactly (T10). */
function mutatedType(ctx: CheckContext, statement: MutationStmt): NodeType | EdgeType {
  const node = findNodeType(ctx.catalog, statement.typeName);
  if (node !== undefined) return node;
  const edge = findEdgeType(ctx.catalog, statement.typeName);
  if (edge?.name === statement.typeName) return edge;
  const names = [...ctx.catalog.nodeTypes, ...ctx.catalog.edgeTypes].map((type) => type.name);
  return fail(
    ctx,
    'T10',
    statement.at,
    `unknown node or edge type '${statement.typeName}'`,
    closestName(statement.typeName, names),
  );
}

function requireAssignments(ctx: CheckContext, statement: InsertStmt | UpdateStmt): void {
  if (statement.assignments.length === 0) {
    fail(
      ctx,
      'T10',
      statement.at,
      `${statement.kind} ${statement.typeName} needs at least one assignment`,
    );
  }
  const seen = new Set<string>();
  for (const assignment of statement.assignments) {
    if (seen.has(assignment.property)) {
      fail(ctx, 'T13', assignment.at, `duplicate assignment for property '${assignment.property}'`);
    }
    seen.add(assignment.property);
  }
}

function assign(
  ctx: CheckContext,
  type: NodeType | EdgeType,
  assignment: Assignment,
): AssignmentIR {
  const property = mutatedProperty(ctx, type, assignment.property, assignment.at);
  const target = {
    type: property.type,
    nullable: property.nullable,
    subject: `${type.name}.${property.name}`,
  };
  return {
    property: property.name,
    value: checkOperand(ctx, assignment.value, target, 'assignment'),
  };
}

function predicate(ctx: CheckContext, type: NodeType | EdgeType, where: Predicate): PredicateIR {
  const subject = `${type.name}.${where.property}`;
  if (type.kind === 'edge' && isEndpoint(where.property)) {
    const target = { type: STRING, nullable: false, subject };
    return {
      field: { kind: 'endpoint', endpoint: where.property },
      op: where.op,
      value: checkOperand(ctx, where.value, target, 'predicate'),
    };
  }
  const property = mutatedProperty(ctx, type, where.property, where.at);
  if (isBlob(property.type)) {
    fail(ctx, 'T11', where.at, `Blob property ${subject} cannot be used in where`);
  }
  if (isCollection(property.type)) {
    fail(ctx, 'T7', where.at, `list and vector property ${subject} cannot be compared in where`);
  }
  const valueType = { type: property.type, nullable: property.nullable };
  return {
    field: { kind: 'property', property: property.name, valueType },
    op: where.op,
    value: checkOperand(ctx, where.value, { ...valueType, subject }, 'predicate'),
  };
}

function mutatedProperty(
  ctx: CheckContext,
  type: NodeType | EdgeType,
  name: string,
  at: Assignment['at'],
): Property {
  const property = findProperty(type, name);
  if (property !== undefined) return property;
  // An edge's `where` may also name its endpoints.
  const names = type.properties.map((candidate) => candidate.name);
  return fail(
    ctx,
    'T11',
    at,
    `${type.kind} type ${type.name} has no property '${name}'`,
    closestName(name, type.kind === 'edge' ? [...names, ...EDGE_ENDPOINTS] : names),
  );
}

function missing(ctx: CheckContext, statement: InsertStmt, what: string): never {
  return fail(ctx, 'T12', statement.at, `insert ${statement.typeName} is missing ${what}`);
}

/** `from` / `to`: an edge's endpoint node ids, assigned on insert and matched in where. */
const EDGE_ENDPOINTS = ['from', 'to'] as const;

function isEndpoint(name: string): name is (typeof EDGE_ENDPOINTS)[number] {
  return (EDGE_ENDPOINTS as readonly string[]).includes(name);
}

import type { CompOp } from '../query/ast.js';
import type { ExprType, OperandIR } from './expr-ir.js';

/** A typed mutation statement. */
export type MutationIR = InsertNodeIR | InsertEdgeIR | UpdateNodeIR | DeleteNodeIR | DeleteEdgeIR;

/** The kind tag of a {@link MutationIR}. */
export type MutationIRKind = MutationIR['kind'];

/** `prop: value`, the value typed as the property. */
export interface AssignmentIR {
  readonly property: string;
  readonly value: OperandIR;
}

/**
 * `insert Node { … }`. A keyed type upserts by the id derived from its `@key`; a type without a
 * key inserts strictly under a generated id.
 */
export interface InsertNodeIR {
  readonly kind: 'insert-node';
  readonly typeName: string;
  readonly identity: 'key' | 'generated';
  readonly assignments: readonly AssignmentIR[];
}

/** `insert Edge { from: …, to: …, … }`: a strict insert under a generated id. */
export interface InsertEdgeIR {
  readonly kind: 'insert-edge';
  readonly typeName: string;
  /** The source node's id. */
  readonly from: OperandIR;
  /** The target node's id. */
  readonly to: OperandIR;
  readonly assignments: readonly AssignmentIR[];
}

/** `update Node set { … } where …` (never a `@key` member). */
export interface UpdateNodeIR {
  readonly kind: 'update-node';
  readonly typeName: string;
  readonly assignments: readonly AssignmentIR[];
  readonly where: PredicateIR;
}

/** `delete Node where …`: cascades to the incident edges. */
export interface DeleteNodeIR {
  readonly kind: 'delete-node';
  readonly typeName: string;
  readonly where: PredicateIR;
}

/** `delete Edge where …`. */
export interface DeleteEdgeIR {
  readonly kind: 'delete-edge';
  readonly typeName: string;
  readonly where: PredicateIR;
}

/** The single `field op value` comparison of a `where`. */
export interface PredicateIR {
  readonly field: PredicateFieldIR;
  readonly op: CompOp;
  readonly value: OperandIR;
}

/** A property, or an edge's `from` / `to` node id (the `src` / `dst` columns). */
export type PredicateFieldIR =
  | { readonly kind: 'property'; readonly property: string; readonly valueType: ExprType }
  | { readonly kind: 'endpoint'; readonly endpoint: 'from' | 'to' };

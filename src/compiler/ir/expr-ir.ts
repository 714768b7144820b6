import type { PropertyType } from '../catalog/catalog.js';
import type { AggregateFn } from '../query/ast.js';
import type { Value } from './value.js';

/** The static type of an expression: a catalog property type plus nullability. */
export interface ExprType {
  readonly type: PropertyType;
  readonly nullable: boolean;
}

/** A typed expression of a read query. Every node carries its {@link ExprType}. */
export type ExprIR =
  | PropertyRefIR
  | EntityIdIR
  | ParamRefIR
  | LiteralIR
  | NowIR
  | AggregateIR
  | AliasRefIR
  | NearestIR
  | Bm25IR
  | RrfIR
  | TextSearchIR;

/** The kind tag of an {@link ExprIR}. */
export type ExprIRKind = ExprIR['kind'];

/** A value the query supplies rather than reads: a parameter, a literal or `now()`. */
export type OperandIR = ParamRefIR | LiteralIR | NowIR;

/** `$p.name` / `$w.since`: a property of a bound node or edge. */
export interface PropertyRefIR {
  readonly kind: 'property';
  readonly variable: string;
  readonly entity: 'node' | 'edge';
  readonly typeName: string;
  readonly property: string;
  readonly valueType: ExprType;
}

/** A bare node variable (`$p`): the entity's `id`. */
export interface EntityIdIR {
  readonly kind: 'entity-id';
  readonly variable: string;
  readonly typeName: string;
  readonly valueType: ExprType;
}

/** `$name`: a declared query parameter, bound at execution (see `bindParams`). */
export interface ParamRefIR {
  readonly kind: 'param';
  readonly name: string;
  readonly valueType: ExprType;
}

/** A literal, already converted to the type it is compared with or assigned to. */
export interface LiteralIR {
  readonly kind: 'literal';
  readonly value: Value;
  readonly valueType: ExprType;
}

/** `now()`: a `DateTime` evaluated once per query. */
export interface NowIR {
  readonly kind: 'now';
  readonly valueType: ExprType;
}

/** `count(…)`, `sum(…)`, …: count → I64, sum/avg → F64, min/max → the argument's type. */
export interface AggregateIR {
  readonly kind: 'aggregate';
  readonly fn: AggregateFn;
  readonly arg: ExprIR;
  readonly valueType: ExprType;
}

/** An `order` entry naming a projection by its alias; `index` is the projection's position. */
export interface AliasRefIR {
  readonly kind: 'alias';
  readonly name: string;
  readonly index: number;
  readonly valueType: ExprType;
}

/**
 * `nearest($d.embedding, $q)`: cosine distance to the query (smaller is nearer). A `text` query is
 * a String the executor embeds first; a `vector` query has the field's dimension.
 */
export interface NearestIR {
  readonly kind: 'nearest';
  readonly field: PropertyRefIR;
  readonly dimension: number;
  readonly query: OperandIR;
  readonly queryKind: 'vector' | 'text';
  readonly valueType: ExprType;
}

/** `bm25($d.body, $q)`: full-text relevance score (larger is better). */
export interface Bm25IR {
  readonly kind: 'bm25';
  readonly field: PropertyRefIR;
  readonly query: OperandIR;
  readonly valueType: ExprType;
}

/** A ranking `rrf` fuses. */
export type RankIR = NearestIR | Bm25IR;

/** `rrf(a, b, k)`: reciprocal rank fusion of two rankings (larger is better); k defaults to 60. */
export interface RrfIR {
  readonly kind: 'rrf';
  readonly left: RankIR;
  readonly right: RankIR;
  readonly k: number;
  readonly valueType: ExprType;
}

/** Text predicates, named as written: `search` (tokens), `fuzzy` (typo-tolerant), `match_text` (phrase). */
export type TextSearchMode = 'search' | 'fuzzy' | 'match_text';

/** `search(…)`, `fuzzy(…)`, `match_text(…)`: a Bool predicate over a String property. */
export interface TextSearchIR {
  readonly kind: 'text-search';
  readonly mode: TextSearchMode;
  readonly field: PropertyRefIR;
  readonly query: OperandIR;
  /** `fuzzy` only: the maximum edit distance, when given. */
  readonly maxEdits: OperandIR | undefined;
  readonly valueType: ExprType;
}

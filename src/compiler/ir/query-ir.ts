import type { OrderDirection, ParamType } from '../query/ast.js';
import type { ExprIR } from './expr-ir.js';
import type { MatchIR } from './match-ir.js';
import type { MutationIR } from './mutation-ir.js';

/**
 * A typechecked query, ready for the executor: immutable plain data. Built by `typecheckQuery`
 * from a parsed declaration and a catalog.
 */
export type QueryIR = ReadQueryIR | MutationQueryIR;

/** A declared parameter. */
export interface ParamIR {
  readonly name: string;
  readonly type: ParamType;
  readonly nullable: boolean;
}

/** What every query has. */
interface QueryIRBase {
  readonly name: string;
  readonly params: readonly ParamIR[];
  readonly description: string | undefined;
  readonly instruction: string | undefined;
  /** True when the query calls `now()`: the executor reads the clock once per query. */
  readonly usesNow: boolean;
}

/** `match … return … order … limit …`. */
export interface ReadQueryIR extends QueryIRBase {
  readonly kind: 'read';
  readonly match: MatchIR;
  readonly projections: readonly ProjectionIR[];
  /** True when a projection aggregates: the other projections are then group keys. */
  readonly aggregated: boolean;
  readonly order: readonly OrderingIR[];
  readonly limit: number | undefined;
}

/** One or more mutation statements, applied as one commit. */
export interface MutationQueryIR extends QueryIRBase {
  readonly kind: 'mutation';
  readonly statements: readonly MutationIR[];
}

/** A `return` entry. */
export interface ProjectionIR {
  /**
   * The result column name: the alias if any, else `var.prop` for a property, the variable for
   * a bare variable (its id), `literal` for a literal, the parameter's name for a parameter.
   */
  readonly column: string;
  readonly alias: string | undefined;
  readonly expr: ExprIR;
  /** `value` in plain queries; `group-key` or `aggregate` when {@link ReadQueryIR.aggregated}. */
  readonly role: 'value' | 'group-key' | 'aggregate';
}

/**
 * An `order` entry. Ties left by all entries are broken by the bound entities' ids ascending;
 * NULLs sort first ascending and last descending. `nearest` orders ascending (nearest first),
 * `bm25` and `rrf` descending (best first) unless written otherwise.
 */
export interface OrderingIR {
  readonly expr: ExprIR;
  readonly direction: OrderDirection;
}

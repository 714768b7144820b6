import type { CacheUsage } from '../util/cache-budget.js';

/**
 * One operator of a read query's plan (`QueryPlanNode`), as `explain` and `profile` report it:
 * a tree whose root is the plan kind (`count-pushdown`, `reach-count`, `reach-aggregate`,
 * `ranked-scan`, `match`) and whose children are its stages in execution order (a `not { }`
 * holds its own block's steps; a `fallback` holds the plan run instead when a fast path declines
 * at run time).
 */
export interface QueryPlanNode {
  /** The operator (`scan`, `key-seed`, `traverse`, `constrain`, `filter`, `anti-join`, …). */
  readonly operator: string;
  /** What it works on, in `.gq` terms (`Person $p  filters: $p.age > 60`). */
  readonly detail: string;
  /** The planner's estimate of the rows it outputs, from the tables' row counts. */
  readonly estimated_rows?: number;
  /** Profile only: the rows it output (absent when it did not run). */
  readonly rows?: number;
  /** Profile only: the time it took, in milliseconds, its children's included. */
  readonly elapsed_ms?: number;
  /**
   * Profile only: the traversal strategy that served it (`indexed`, `carried`, `csr`, or several
   * joined by `,`).
   */
  readonly strategy?: string;
  readonly children: readonly QueryPlanNode[];
}

/** The plan of a read query, made without running it (`QueryExplainOutput`). */
export interface QueryExplainOutput {
  readonly query_name: string;
  readonly plan: QueryPlanNode;
}

/** The plan of a read query as it ran, with per-operator figures (`QueryProfileOutput`). */
export interface QueryProfileOutput {
  readonly query_name: string;
  readonly plan: QueryPlanNode;
  /** Compiling, planning and running the query, in milliseconds. */
  readonly total_ms: number;
  /** What the graph's read caches hold after the query, against their shared budget. */
  readonly caches: CacheUsage;
}

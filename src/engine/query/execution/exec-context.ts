import type { EdgeType, NodeType } from '../../../compiler/catalog/catalog.js';
import { findEdgeType, findNodeType, typeKey } from '../../../compiler/catalog/catalog-lookup.js';
import type { ReadQueryIR } from '../../../compiler/ir/query-ir.js';
import type { TraversalIR } from '../../../compiler/ir/match-ir.js';
import { OmniError } from '../../../util/omni-error.js';
import type { Snapshot } from '../../snapshot/index.js';
import { derivedColumns } from './derived-columns.js';
import { scalarIndexedColumns } from './indexed-columns.js';
import { EntityPool } from './entity-pool.js';
import { matchExprs, readProperties } from './expr-walk.js';
import type { OperandScope } from '../../values/index.js';
import type { PlanProfile } from '../plan/plan-profile.js';
import type { QueryServices } from '../query-services.js';
import type { EdgeTableInfo, StrategyLog } from '../traversal/traversal-planner.js';
import { TraversalPlanner } from '../traversal/traversal-planner.js';
import { indexesOf } from '../search/table-indexes-of.js';

/**
 * Per query services, a context kept for its layout (and its planner's) alone, as long as the
 * services live (see `anchorShape`, docs/reference/query.md, "Warm code"): never run, it holds no
 * entity, only the snapshot and operands of the query that made it.
 */
const layoutKept = new WeakMap<QueryServices, ExecContext>();

/**
 * Everything one execution of a read query shares: the pinned snapshot, the operands (params and
 * the one `now()`), one entity pool per type, the long-lived services (caches, tunables), and the
 * profile being taken, if any.
 */
export class ExecContext {
  readonly snapshot: Snapshot;
  readonly operands: OperandScope;
  readonly services: QueryServices;
  readonly planner: TraversalPlanner;
  /** The query's `limit`, if any (search windows depend on it). */
  readonly limit: number | undefined;
  /** The most rows any stage may hold (settings `limits.queryRows`, see `checkQueryRows`). */
  readonly maxRows: number;
  /** Per-stage figures, when the query is profiled. */
  readonly profile: PlanProfile | undefined;
  readonly #columns: ReadonlyMap<string, ReadonlySet<string>>;
  readonly #pools = new Map<string, EntityPool>();
  readonly #embeddings = new Map<string, Promise<number[]>>();

  /**
   * The context of one execution of `query`; the first made with `services` also makes the one
   * those services keep for its layout ({@link layoutKept}).
   */
  static of(
    snapshot: Snapshot,
    query: ReadQueryIR,
    operands: OperandScope,
    services: QueryServices,
    profile?: PlanProfile,
  ): ExecContext {
    if (!layoutKept.has(services))
      layoutKept.set(services, new ExecContext(snapshot, query, operands, services));
    return new ExecContext(snapshot, query, operands, services, profile);
  }

  constructor(
    snapshot: Snapshot,
    query: ReadQueryIR,
    operands: OperandScope,
    services: QueryServices,
    profile?: PlanProfile,
  ) {
    this.snapshot = snapshot;
    this.operands = operands;
    this.services = services;
    this.profile = profile;
    this.maxRows = services.limits.queryRows;
    this.planner = new TraversalPlanner(
      services.traversal,
      services.topology,
      strategyLog(services, profile),
      this.maxRows,
    );
    this.#columns = columnsRead(query);
    this.limit = query.limit;
  }

  /** The pool of a node type. */
  nodePool(typeName: string): EntityPool {
    return this.#pool(this.nodeType(typeName));
  }

  /** The pool of an edge type. */
  edgePool(typeName: string): EntityPool {
    return this.#pool(this.edgeType(typeName));
  }

  nodeType(name: string): NodeType {
    const type = findNodeType(this.snapshot.catalog, name);
    if (type === undefined)
      throw new OmniError('internal', `node type ${name} is not in the catalog`);
    return type;
  }

  edgeType(name: string): EdgeType {
    const type = findEdgeType(this.snapshot.catalog, name);
    if (type === undefined)
      throw new OmniError('internal', `edge type ${name} is not in the catalog`);
    return type;
  }

  /** What the traversal planner needs to know about a traversal's edge table, walked from its source or its target. */
  async edgeTable(traversal: TraversalIR, fromSource: boolean): Promise<EdgeTableInfo> {
    const key = typeKey(this.edgeType(traversal.edgeType));
    const fromType = fromSource ? traversal.sourceType : traversal.targetType;
    const reader = await this.snapshot.reader(key);
    return {
      reader,
      edgeCount: this.snapshot.entry(key).rowCount,
      nodeCount: this.snapshot.entry(typeKey(this.nodeType(fromType))).rowCount,
      indexes: () => indexesOf(this.services, reader),
    };
  }

  /** The embedding of `text` for a vector property, computed once per query. */
  embedding(property: string, text: string, embed: () => Promise<number[]>): Promise<number[]> {
    const key = `${property}\u0000${text}`;
    let pending = this.#embeddings.get(key);
    if (pending === undefined) {
      pending = embed();
      this.#embeddings.set(key, pending);
    }
    return pending;
  }

  #pool(type: NodeType | EdgeType): EntityPool {
    const key = typeKey(type);
    let pool = this.#pools.get(key);
    if (pool === undefined) {
      const identity = type.kind === 'node' ? ['id'] : ['id', 'src', 'dst'];
      const extra = [...(this.#columns.get(key) ?? [])].filter((c) => !identity.includes(c));
      pool = new EntityPool(
        {
          key,
          kind: type.kind,
          typeName: type.name,
          rowCount: this.snapshot.entry(key).rowCount,
          reader: () => this.snapshot.reader(key),
          derived: derivedColumns(type),
          indexed: scalarIndexedColumns(type),
          indexes: (reader) => indexesOf(this.services, reader),
          cache: this.services.columns,
        },
        [...identity, ...extra],
      );
      this.#pools.set(key, pool);
    }
    return pool;
  }
}

/** Tells the services' log, and the profile's current stage, which strategy served a traversal. */
function strategyLog(
  services: QueryServices,
  profile: PlanProfile | undefined,
): StrategyLog | undefined {
  const log = services.onStrategy;
  if (profile === undefined) return log;
  return (kind) => {
    log?.(kind);
    profile.strategy(kind);
  };
}

/** The columns of each table the query reads row by row, by table key. */
function columnsRead(query: ReadQueryIR): Map<string, Set<string>> {
  const columns = new Map<string, Set<string>>();
  const exprs = [
    ...matchExprs(query.match),
    ...query.projections.map((projection) => projection.expr),
    ...query.order.map((ordering) => ordering.expr),
  ];
  for (const expr of exprs) {
    for (const property of readProperties(expr)) {
      const key = `${property.entity}:${property.typeName}`;
      let set = columns.get(key);
      if (set === undefined) columns.set(key, (set = new Set()));
      set.add(property.property);
    }
  }
  return columns;
}

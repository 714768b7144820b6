import type { Catalog, EdgeType, NodeType } from '../../compiler/catalog/catalog.js';
import { findNodeType, typeKey } from '../../compiler/catalog/catalog-lookup.js';
import { detached } from '../../util/detached-text.js';
import { IdTable } from '../../util/id-table.js';
import { OmniError } from '../../util/omni-error.js';
import { settleAll } from '../../util/settle-all.js';
import type { Row } from '../lance/index.js';
import { uniqueValueKey, type ExistingEntities } from '../snapshot/index.js';
import type { LoadRecord } from './graph-batch-record.js';
import type { LoadMode } from '../../api/load-output.js';

/** What validation learned that the write pass needs. */
export interface LoadValidation {
  /** Entities per touched table key, for the result and the recovery intent. */
  readonly counts: ReadonlyMap<
    string,
    { readonly kind: 'node' | 'edge'; readonly name: string; readonly entities: number }
  >;
  /** Lines superseded by a later line with the same id (merge mode): the write pass skips them. */
  readonly supersededLines: ReadonlySet<number>;
}

interface UniqueState {
  readonly columns: readonly string[];
  /** Value key → holder in this batch. */
  readonly holders: Map<
    string,
    { readonly id: string; readonly line: number; readonly tuple: readonly unknown[] }
  >;
}

interface TypeState {
  readonly type: NodeType | EdgeType;
  entities: number;
  /** Supplied ids (keys or `data.id`) → the line that wins. */
  readonly ids: IdTable;
  readonly uniques: UniqueState[];
}

interface EdgeState extends TypeState {
  readonly type: EdgeType;
  /** Edges per source in this batch, for `@card`; kept only when the type's `@card` bounds it. */
  readonly outDegree: Map<string, number>;
  readonly bounded: boolean;
  /** The endpoint node types (undefined when the catalog lacks one: `finish` reports it). */
  readonly from: NodeType | undefined;
  readonly to: NodeType | undefined;
  /**
   * Distinct endpoints with the first line naming each, but those the batch already held as
   * nodes when the edge came: such an endpoint resolves whatever follows, and inputs that list
   * nodes before edges then keep no endpoint at all.
   */
  readonly srcs: Map<string, number>;
  readonly dsts: Map<string, number>;
}

function violation(message: string, details?: Record<string, unknown>): OmniError {
  return new OmniError('bad_request', message, details ? { details } : undefined);
}

function detachedValue(value: unknown): unknown {
  return typeof value === 'string' ? detached(value) : value;
}

/** Records endpoint `id` first named at `line`, unless named before. */
function noteEndpoint(endpoints: Map<string, number>, id: string, line: number): void {
  if (!endpoints.has(id)) endpoints.set(detached(id), line);
}

/** One side of an edge type's endpoints to find in the graph: those the file does not hold. */
interface EndpointSide {
  /** The endpoint node type's table key, and its name. */
  readonly key: string;
  readonly nodeTypeName: string;
  /** Every endpoint of the side, with the first line naming it. */
  readonly endpoints: ReadonlyMap<string, number>;
  readonly side: 'src' | 'dst';
  readonly unresolved: readonly string[];
}

/** The ids of `lists`, each once: the one list itself when there is one (a large load's). */
function distinctIds(lists: readonly (readonly string[])[]): readonly string[] {
  const [only, ...others] = lists;
  return others.length === 0 ? (only ?? []) : [...new Set(lists.flat())];
}

/** Refuses the side's endpoint of the earliest line that `inGraph` (none: empty) lacks. */
function refuseMissingEndpoint(side: EndpointSide, inGraph: ReadonlySet<string> | undefined): void {
  const line = (id: string): number => side.endpoints.get(id) ?? 0;
  const missing = side.unresolved
    .filter((id) => !inGraph?.has(id))
    .sort((a, b) => line(a) - line(b));
  const first = missing[0];
  if (first === undefined) return;
  throw violation(
    `line ${line(first)}: ${side.side} '${first}' not found in ${side.nodeTypeName}`,
    {
      missing: first,
    },
  );
}

/** `Type.col` or `Type.(a, b)`, as constraint messages name columns. */
export function describeColumns(type: NodeType | EdgeType, columns: readonly string[]): string {
  return columns.length === 1
    ? `${type.name}.${columns[0] ?? ''}`
    : `${type.name}.(${columns.join(', ')})`;
}

/** A value tuple as constraint messages show it: `v` or `(a, b)`. */
export function describeTuple(tuple: readonly unknown[]): string {
  const parts = tuple.map((v) => String(v));
  return parts.length === 1 ? (parts[0] ?? '') : `(${parts.join(', ')})`;
}

function uniqueViolation(
  type: NodeType | EdgeType,
  columns: readonly string[],
  tuple: readonly unknown[],
  a: string,
  b: string,
): OmniError {
  return violation(
    `@unique violation on ${describeColumns(type, columns)}: value '${describeTuple(tuple)}' held by '${a}' and '${b}'`,
    { type_name: type.name, columns },
  );
}

function duplicateId(
  type: NodeType | EdgeType,
  id: string,
  line: number,
  earlier: number,
): OmniError {
  return violation(
    `line ${line}: ${type.kind} type '${type.name}' id '${id}' also appears at line ${earlier}`,
    { line, earlier_line: earlier, type_name: type.name, id },
  );
}

/**
 * The first pass of a load: sees every record once, keeping only ids and constraint keys
 * (never whole rows), then checks the batch against itself and the graph — duplicate keys
 * and ids, `@unique`, edge endpoints, `@card`, append key conflicts, and overwrite orphans —
 * before any table is touched.
 */
export class LoadValidator {
  /** The catalog the entities are validated against. */
  readonly catalog: Catalog;
  readonly #mode: LoadMode;
  readonly #nodes = new Map<string, TypeState>();
  readonly #edges = new Map<string, EdgeState>();
  /** The same states by type, found without building the table key of every record. */
  readonly #states = new Map<NodeType | EdgeType, TypeState>();
  readonly #superseded = new Set<number>();

  constructor(catalog: Catalog, mode: LoadMode) {
    this.catalog = catalog;
    this.#mode = mode;
  }

  #stateOf(type: NodeType | EdgeType): TypeState {
    const existing = this.#states.get(type);
    if (existing) return existing;
    const state = this.#newState(type);
    this.#states.set(type, state);
    return state;
  }

  #newState(type: NodeType | EdgeType): TypeState {
    const key = typeKey(type);
    const uniques = type.constraints.flatMap((c) =>
      c.kind === 'unique' ? [{ columns: c.properties, holders: new Map() }] : [],
    );
    const base = { type, entities: 0, ids: new IdTable(), uniques };
    if (type.kind === 'node') {
      this.#nodes.set(key, base);
      return base;
    }
    const edge: EdgeState = {
      ...base,
      type,
      outDegree: new Map(),
      bounded: type.cardinality.min > 0 || type.cardinality.max !== null,
      from: findNodeType(this.catalog, type.from),
      to: findNodeType(this.catalog, type.to),
      srcs: new Map(),
      dsts: new Map(),
    };
    this.#edges.set(key, edge);
    return edge;
  }

  /** Whether a line so far gave a `data.id` an earlier line gave (a `merge`'s later line wins). */
  get supersedes(): boolean {
    return this.#superseded.size > 0;
  }

  /** Takes one record of the batch. */
  add(record: LoadRecord): void {
    const state = this.#stateOf(record.type);
    state.entities += 1;
    if (record.idSupplied) this.#trackId(state, record.id, record.line);
    if (state.uniques.length > 0) this.#trackUniques(state, record.id, record.line, record.row);
    if (record.kind === 'edge')
      this.#trackEndpoints(state as EdgeState, record.src, record.dst, record.line);
  }

  /**
   * Takes a node of line `line` read without a record, of a type without `@unique`: `keyId` is
   * its key's id, undefined when its id was minted.
   */
  addNode(type: NodeType, line: number, keyId: string | undefined): void {
    const state = this.#stateOf(type);
    state.entities += 1;
    if (keyId !== undefined) this.#trackId(state, keyId, line);
  }

  /**
   * Takes an edge of line `line` read without a record, of a type without `@unique` and with a
   * minted id. An endpoint is its id, or the number of a decimal id (see `IdTable.hasDecimal`),
   * which spares a string per endpoint found in the batch.
   */
  addEdge(type: EdgeType, line: number, src: string | number, dst: string | number): void {
    const state = this.#stateOf(type) as EdgeState;
    state.entities += 1;
    this.#trackEndpoints(state, src, dst, line);
  }

  #trackEndpoints(edge: EdgeState, src: string | number, dst: string | number, line: number): void {
    if (!this.#holdsNode(edge.from, src)) noteEndpoint(edge.srcs, String(src), line);
    if (!this.#holdsNode(edge.to, dst)) noteEndpoint(edge.dsts, String(dst), line);
    if (edge.bounded) {
      const source = String(src);
      const degree = edge.outDegree.get(source);
      edge.outDegree.set(degree === undefined ? detached(source) : source, (degree ?? 0) + 1);
    }
  }

  /** Whether the batch holds node `id` (or the decimal id of the number `id`) of `type` so far. */
  #holdsNode(type: NodeType | undefined, id: string | number): boolean {
    const ids = type === undefined ? undefined : this.#states.get(type)?.ids;
    if (ids === undefined) return false;
    return typeof id === 'number' ? ids.hasDecimal(id) : ids.has(id);
  }

  #trackId(state: TypeState, id: string, line: number): void {
    const earlier = state.ids.put(id, line);
    if (earlier === undefined) return;
    const type = state.type;
    // A key names one entity, so a repeated key is refused in every mode; a repeated
    // `data.id` too, except by merge, where the later line wins.
    if ((type.kind === 'node' && type.key !== null) || this.#mode !== 'merge')
      throw duplicateId(type, id, line, earlier);
    this.#superseded.add(earlier);
  }

  #trackUniques(state: TypeState, id: string, line: number, row: Row): void {
    for (const unique of state.uniques) {
      const tuple = unique.columns.map((column) => row[column] ?? null);
      if (tuple.some((v) => v === null)) continue;
      const key = uniqueValueKey(tuple);
      const holder = unique.holders.get(key);
      if (holder && holder.id !== id)
        throw uniqueViolation(state.type, unique.columns, tuple, holder.id, id);
      unique.holders.set(key, { id: detached(id), line, tuple: tuple.map(detachedValue) });
    }
  }

  /** Checks the batch against the graph; resolves with what the write pass needs. */
  async finish(existing: ExistingEntities): Promise<LoadValidation> {
    const overwritten =
      this.#mode === 'overwrite'
        ? new Set([...this.#nodes.keys(), ...this.#edges.keys()])
        : new Set<string>();
    if (this.#mode === 'append') await this.#checkKeyConflicts(existing);
    await this.#checkEndpoints(existing, overwritten);
    await this.#checkUniquesAgainstGraph(existing, overwritten);
    await this.#checkCardinality(existing, overwritten);
    if (this.#mode === 'overwrite') await this.#checkOverwriteOrphans(existing);
    const counts = new Map<string, { kind: 'node' | 'edge'; name: string; entities: number }>();
    for (const [key, state] of [...this.#nodes, ...this.#edges]) {
      counts.set(key, { kind: state.type.kind, name: state.type.name, entities: state.entities });
    }
    return { counts, supersededLines: this.#superseded };
  }

  async #checkKeyConflicts(existing: ExistingEntities): Promise<void> {
    for (const [key, state] of [...this.#nodes, ...this.#edges]) {
      if (state.ids.size === 0) continue;
      const found = await existing.existingIds(key, [...state.ids.keys()]);
      const first = [...state.ids.entries()]
        .filter(([id]) => found.has(id))
        .sort((a, b) => a[1] - b[1])[0];
      if (first) {
        const kind = state.type.kind;
        throw new OmniError(
          'key_conflict',
          `${kind} type '${state.type.name}' already has id '${first[0]}'`,
          {
            details: {
              key_conflict: { entity_kind: kind, type_name: state.type.name, entity_id: first[0] },
            },
          },
        );
      }
    }
  }

  /**
   * Every edge endpoint neither in the file nor in a table the load overwrites must be in the
   * graph. The ids are looked up once per node table, every table at once: a self-edge's two
   * ends are one lookup (at 1M persons without an index, each lookup reads every id). The error
   * is the one a side-by-side check would give: the first side, in edge order, with a missing
   * endpoint, and there the endpoint of the earliest line.
   */
  async #checkEndpoints(
    existing: ExistingEntities,
    overwritten: ReadonlySet<string>,
  ): Promise<void> {
    const sides = [...this.#edges.values()].flatMap((edge) => [
      this.#endpointSide(edge.from, edge.type.from, edge.srcs, 'src'),
      this.#endpointSide(edge.to, edge.type.to, edge.dsts, 'dst'),
    ]);
    const asked = new Map<string, (readonly string[])[]>();
    for (const { key, unresolved } of sides) {
      if (overwritten.has(key) || unresolved.length === 0) continue;
      asked.set(key, [...(asked.get(key) ?? []), unresolved]);
    }
    const keys = [...asked.keys()];
    const found = await settleAll(
      keys.map((key) => existing.existingIds(key, distinctIds(asked.get(key) ?? []))),
    );
    const inGraph = new Map(keys.map((key, index) => [key, found[index]]));
    for (const side of sides) refuseMissingEndpoint(side, inGraph.get(side.key));
  }

  /**
   * One side of an edge type's endpoints: those not among the file's nodes of `nodeType` (the
   * edge's state resolved it; undefined when the catalog lacks `nodeTypeName`).
   */
  #endpointSide(
    nodeType: NodeType | undefined,
    nodeTypeName: string,
    endpoints: ReadonlyMap<string, number>,
    side: 'src' | 'dst',
  ): EndpointSide {
    if (!nodeType)
      throw new OmniError('internal', `edge endpoint type '${nodeTypeName}' is not in the catalog`);
    const key = typeKey(nodeType);
    const inBatch = this.#nodes.get(key)?.ids;
    const unresolved = [...endpoints.keys()].filter((id) => !inBatch?.has(id));
    return { key, nodeTypeName, endpoints, side, unresolved };
  }

  async #checkUniquesAgainstGraph(
    existing: ExistingEntities,
    overwritten: ReadonlySet<string>,
  ): Promise<void> {
    for (const [key, state] of [...this.#nodes, ...this.#edges]) {
      if (overwritten.has(key)) continue;
      for (const unique of state.uniques) {
        if (unique.holders.size === 0) continue;
        const batchHolders = [...unique.holders.values()];
        const graphHolders = await existing.uniqueHolders(
          key,
          unique.columns,
          batchHolders.map((h) => h.tuple),
        );
        for (const holder of batchHolders) {
          const others = (graphHolders.get(uniqueValueKey(holder.tuple)) ?? []).filter(
            // A graph row the batch replaces (same id) no longer holds its old value.
            (id) => id !== holder.id && !state.ids.has(id),
          );
          const other = others[0];
          if (other !== undefined)
            throw uniqueViolation(state.type, unique.columns, holder.tuple, other, holder.id);
        }
      }
    }
  }

  /**
   * `@card` per source, for every edge type the batch writes and, when a minimum applies, every
   * edge type whose source nodes the batch writes: a node loaded without its required edges is a
   * violation here exactly as it would be in a later overwrite of its export.
   */
  async #checkCardinality(
    existing: ExistingEntities,
    overwritten: ReadonlySet<string>,
  ): Promise<void> {
    for (const edgeType of this.catalog.edgeTypes) {
      const { min, max } = edgeType.cardinality;
      if (min === 0 && max === null) continue;
      const key = typeKey(edgeType);
      const edge = this.#edges.get(key);
      const fromType = findNodeType(this.catalog, edgeType.from);
      const newSources = fromType ? this.#nodes.get(typeKey(fromType))?.ids : undefined;
      const sources = new Set(edge?.outDegree.keys());
      if (min > 0) for (const id of newSources?.keys() ?? []) sources.add(id);
      if (sources.size === 0) continue;
      const prior = overwritten.has(key)
        ? new Map<string, number>()
        : // An edge the batch writes again (merge by supplied id) counts once, in the batch.
          await existing.outDegrees(key, [...sources], new Set(edge?.ids.keys()));
      for (const source of [...sources].sort()) {
        const total = (edge?.outDegree.get(source) ?? 0) + (prior.get(source) ?? 0);
        const bound =
          max !== null && total > max ? `max ${max}` : total < min ? `min ${min}` : null;
        if (bound !== null) {
          throw violation(
            `@card violation on edge ${edgeType.name}: source '${source}' has ${total} edges (${bound})`,
          );
        }
      }
    }
  }

  async #checkOverwriteOrphans(existing: ExistingEntities): Promise<void> {
    for (const [nodeKey, nodeState] of this.#nodes) {
      for (const edgeType of this.catalog.edgeTypes) {
        const edgeKey = typeKey(edgeType);
        if (this.#edges.has(edgeKey)) continue;
        const name = nodeState.type.name;
        if (edgeType.from !== name && edgeType.to !== name) continue;
        for await (const edge of existing.edgeEndpoints(edgeKey)) {
          const dangling =
            edgeType.from === name && !nodeState.ids.has(edge.src)
              ? edge.src
              : edgeType.to === name && !nodeState.ids.has(edge.dst)
                ? edge.dst
                : undefined;
          if (dangling !== undefined) {
            throw violation(
              `overwrite of ${nodeKey} would orphan retained ${edgeKey} edge '${edge.id}' (endpoint '${dangling}' is not in the new image); include ${edgeType.name} in the load or remove those edges first`,
            );
          }
        }
      }
    }
  }
}

import type { EdgeType, NodeType } from '../../compiler/catalog/catalog.js';
import { findNodeType, typeKey } from '../../compiler/catalog/catalog-lookup.js';
import { OmniError } from '../../util/omni-error.js';
import type { Snapshot } from '../snapshot/index.js';
import type { ChangeSet, ConstraintViolation, TableChanges, ViolationKind } from './change-set.js';

const NO_CHANGES: TableChanges = { upserts: new Map(), deletes: new Set() };

/** A change set read against its base snapshot: what the constraint checks share. */
export class ChangeContext {
  readonly base: Snapshot;
  readonly changes: ChangeSet;
  readonly #types: ReadonlyMap<string, NodeType | EdgeType>;

  constructor(base: Snapshot, changes: ChangeSet) {
    this.base = base;
    this.changes = changes;
    this.#types = new Map(base.types().map(({ key, type }) => [key, type]));
    for (const key of changes.keys()) this.type(key);
  }

  /** The type of a table key; a key outside the base schema is a caller bug. */
  type(tableKey: string): NodeType | EdgeType {
    const type = this.#types.get(tableKey);
    if (!type) throw new OmniError('internal', `change set names unknown table ${tableKey}`);
    return type;
  }

  /** The changes of a table (none when the change set does not name it). */
  of(tableKey: string): TableChanges {
    return this.changes.get(tableKey) ?? NO_CHANGES;
  }

  /** The changed tables with their types, sorted by key. */
  changedTables(): { key: string; type: NodeType | EdgeType; changes: TableChanges }[] {
    return [...this.changes.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, changes]) => ({ key, type: this.type(key), changes }));
  }

  /** The node type an edge's endpoint names. */
  endpointType(edge: EdgeType, side: 'from' | 'to'): NodeType {
    const name = side === 'from' ? edge.from : edge.to;
    const type = findNodeType(this.base.catalog, name);
    if (!type)
      throw new OmniError('internal', `edge endpoint type '${name}' is not in the catalog`);
    return type;
  }

  /** Edge types with an endpoint of the node type, with their keys. */
  incidentEdges(node: NodeType): { key: string; type: EdgeType }[] {
    return this.base.catalog.edgeTypes
      .filter((edge) => edge.from === node.name || edge.to === node.name)
      .map((edge) => ({ key: typeKey(edge), type: edge }));
  }
}

/** A violation of `type` by entity `id`. */
export function violationOf(
  kind: ViolationKind,
  type: NodeType | EdgeType,
  id: string,
  message: string,
): ConstraintViolation {
  return { kind, entity_kind: type.kind, type_name: type.name, id, message };
}

import type { Row } from '../lance/index.js';
import type { ChangeSet, TableChanges } from '../changeset/index.js';

interface PendingTable {
  readonly upserts: Map<string, Row>;
  readonly deletes: Set<string>;
  /** Ids the statements named themselves (cascaded edge deletes excluded), for the limit. */
  readonly inputs: Set<string>;
}

/**
 * The entity changes of a mutation so far, statement by statement: later statements read
 * through them (an update after an insert updates the pending row). Upserts and deletes of one
 * table stay disjoint.
 */
export class PendingChanges {
  readonly #tables = new Map<string, PendingTable>();

  #table(tableKey: string): PendingTable {
    let table = this.#tables.get(tableKey);
    if (!table) {
      table = { upserts: new Map(), deletes: new Set(), inputs: new Set() };
      this.#tables.set(tableKey, table);
    }
    return table;
  }

  /** Writes a whole row (insert or replace by id). */
  upsert(tableKey: string, row: Row): void {
    const table = this.#table(tableKey);
    const id = String(row.id);
    table.deletes.delete(id);
    table.upserts.set(id, row);
    table.inputs.add(id);
  }

  /** Deletes an entity; `cascaded` when it goes because a node it touches does. */
  delete(tableKey: string, id: string, cascaded = false): void {
    const table = this.#table(tableKey);
    table.upserts.delete(id);
    table.deletes.add(id);
    if (!cascaded) table.inputs.add(id);
  }

  /** The pending row of an id, if a statement wrote one. */
  pendingRow(tableKey: string, id: string): Row | undefined {
    return this.#tables.get(tableKey)?.upserts.get(id);
  }

  /** Pending rows of a table. */
  pendingRows(tableKey: string): readonly Row[] {
    return [...(this.#tables.get(tableKey)?.upserts.values() ?? [])];
  }

  /** Whether a statement already wrote or deleted this id (its base row is stale). */
  shadows(tableKey: string, id: string): boolean {
    const table = this.#tables.get(tableKey);
    return table !== undefined && (table.upserts.has(id) || table.deletes.has(id));
  }

  /** Input entities per table key (what the keyed-write limit counts). */
  inputCounts(): ReadonlyMap<string, number> {
    return new Map([...this.#tables].map(([key, table]) => [key, table.inputs.size]));
  }

  /** Changed entities of node tables and of edge tables (the mutation's affected counts). */
  affected(): { nodes: number; edges: number } {
    let nodes = 0;
    let edges = 0;
    for (const [key, table] of this.#tables) {
      const count = table.upserts.size + table.deletes.size;
      if (key.startsWith('node:')) nodes += count;
      else edges += count;
    }
    return { nodes, edges };
  }

  /** The change set of the tables that changed. */
  changeSet(): ChangeSet {
    const set = new Map<string, TableChanges>();
    for (const [key, table] of this.#tables) {
      if (table.upserts.size + table.deletes.size > 0)
        set.set(key, { upserts: table.upserts, deletes: table.deletes });
    }
    return set;
  }
}

import type { Row } from '../lance/index.js';
import type { ChangeSet, TableChanges } from '../changeset/index.js';

interface PendingTable {
  readonly upserts: Map<string, Row>;
  readonly deletes: Set<string>;
  /** Ids the statements named themselves (cascaded edge deletes excluded), for the limit. */
  readonly inputs: Set<string>;
}

function emptyTable(): PendingTable {
  return { upserts: new Map(), deletes: new Set(), inputs: new Set() };
}

/** Lays `layer`'s changes over `table`'s (later wins); upserts and deletes stay disjoint. */
function layOver(table: PendingTable, layer: PendingTable): void {
  for (const [id, row] of layer.upserts) {
    table.deletes.delete(id);
    table.upserts.set(id, row);
  }
  for (const id of layer.deletes) {
    table.upserts.delete(id);
    table.deletes.add(id);
  }
  for (const id of layer.inputs) table.inputs.add(id);
}

/**
 * The entity changes of a mutation so far, statement by statement: later statements read
 * through them (an update after an insert updates the pending row). Upserts and deletes of one
 * table stay disjoint.
 *
 * A group commit evaluates its callers one after the other, each in a {@link fork} of the
 * changes accepted before it: the fork reads through them (as if they were committed) but
 * records only its own caller's changes, which {@link absorb} folds in once the caller is
 * accepted, or which are simply dropped when it is not.
 */
export class PendingChanges {
  readonly #tables = new Map<string, PendingTable>();
  readonly #parent: PendingChanges | undefined;

  private constructor(parent: PendingChanges | undefined) {
    this.#parent = parent;
  }

  /** No changes yet, over nothing but the base snapshot. */
  static empty(): PendingChanges {
    return new PendingChanges(undefined);
  }

  /** A layer over these changes for the next caller of a batch (see the class comment). */
  fork(): PendingChanges {
    return new PendingChanges(this);
  }

  /** Folds the own changes of a {@link fork} of these into them: its caller is accepted. */
  absorb(fork: PendingChanges): void {
    for (const [key, layer] of fork.#tables) layOver(this.#table(key), layer);
  }

  /** Whether no change was recorded here or in the changes this layer reads through. */
  get isEmpty(): boolean {
    const own = [...this.#tables.values()].every((t) => t.upserts.size + t.deletes.size === 0);
    return own && (this.#parent?.isEmpty ?? true);
  }

  #table(tableKey: string): PendingTable {
    let table = this.#tables.get(tableKey);
    if (!table) {
      table = emptyTable();
      this.#tables.set(tableKey, table);
    }
    return table;
  }

  /** Whether the id is deleted as this layer sees it (by itself or the changes below it). */
  #deleted(tableKey: string, id: string): boolean {
    const table = this.#tables.get(tableKey);
    if (table?.deletes.has(id) === true) return true;
    if (table?.upserts.has(id) === true) return false;
    return this.#parent !== undefined && this.#parent.#deleted(tableKey, id);
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
    // A cascade finds edges in the base snapshot: one an earlier caller of the batch deleted
    // is already gone for this caller, as it would be had that caller committed alone.
    const parent = this.#parent;
    if (parent !== undefined && parent.#deleted(tableKey, id) && !this.pendingRow(tableKey, id))
      return;
    const table = this.#table(tableKey);
    table.upserts.delete(id);
    table.deletes.add(id);
    if (!cascaded) table.inputs.add(id);
  }

  /** The pending row of an id, if a statement (or an earlier caller of the batch) wrote one. */
  pendingRow(tableKey: string, id: string): Row | undefined {
    const table = this.#tables.get(tableKey);
    if (table?.deletes.has(id) === true) return undefined;
    return table?.upserts.get(id) ?? this.#parent?.pendingRow(tableKey, id);
  }

  /** Pending rows of a table. */
  pendingRows(tableKey: string): readonly Row[] {
    const table = this.#tables.get(tableKey);
    const own = [...(table?.upserts.values() ?? [])];
    if (!this.#parent) return own;
    const below = this.#parent
      .pendingRows(tableKey)
      .filter((row) => !table || !this.#shadowsHere(table, String(row.id)));
    return [...below, ...own];
  }

  #shadowsHere(table: PendingTable, id: string): boolean {
    return table.upserts.has(id) || table.deletes.has(id);
  }

  /** Whether a statement already wrote or deleted this id (its base row is stale). */
  shadows(tableKey: string, id: string): boolean {
    const table = this.#tables.get(tableKey);
    if (table !== undefined && this.#shadowsHere(table, id)) return true;
    return this.#parent?.shadows(tableKey, id) ?? false;
  }

  /** Input entities per table key of this layer's own changes (what the keyed-write limit counts). */
  inputCounts(): ReadonlyMap<string, number> {
    return new Map([...this.#tables].map(([key, table]) => [key, table.inputs.size]));
  }

  /** Input entities per table key of these changes and those they read through. */
  combinedInputCounts(): ReadonlyMap<string, number> {
    return new Map([...this.#combined()].map(([key, table]) => [key, table.inputs.size]));
  }

  /** Changed entities of node tables and of edge tables, of this layer's own changes. */
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

  /** The tables of these changes laid over those they read through. */
  #combined(): ReadonlyMap<string, PendingTable> {
    if (!this.#parent) return this.#tables;
    const tables = new Map<string, PendingTable>();
    for (const [key, below] of this.#parent.#combined()) {
      const table = emptyTable();
      layOver(table, below);
      tables.set(key, table);
    }
    for (const [key, layer] of this.#tables) {
      const table = tables.get(key) ?? emptyTable();
      layOver(table, layer);
      tables.set(key, table);
    }
    return tables;
  }

  /** The change set of the tables that changed, with the changes this layer reads through. */
  changeSet(): ChangeSet {
    const set = new Map<string, TableChanges>();
    for (const [key, table] of this.#combined()) {
      if (table.upserts.size + table.deletes.size > 0)
        set.set(key, { upserts: table.upserts, deletes: table.deletes });
    }
    return set;
  }
}

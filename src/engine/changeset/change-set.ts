import type { Row } from '../lance/index.js';

/**
 * What one write does to one table, at entity level: whole rows to write (insert or replace,
 * by id) and ids to delete. Mutations and merges describe their effect this way so they share
 * one validator and one applier.
 */
export interface TableChanges {
  /** Entity id → the full row it will have after the write. */
  readonly upserts: ReadonlyMap<string, Row>;
  /** Ids removed by the write (never also in `upserts`). */
  readonly deletes: ReadonlySet<string>;
  /**
   * Ids of `upserts` the base does not hold (generated ids, or keys looked up and not found):
   * appended, which costs Lance no join with the table, instead of merge-inserted.
   */
  readonly absent?: ReadonlySet<string>;
  /**
   * The endpoints of deleted edges, by id, where the change knows them (a mutation read them):
   * the read caches carry a topology index over a delete whose edges they know (see
   * `SessionTable.delete`).
   */
  readonly deletedEnds?: ReadonlyMap<string, EdgeEnd>;
  /**
   * Ids of `deletes` the base holds (a lookup found them in it): a delete naming one removes a
   * row, so the write need not count what it matches first (see `SessionTable.delete`).
   */
  readonly held?: ReadonlySet<string>;
  /**
   * Node ids of `deletes` whose edges the change already deletes: a mutation's delete read every
   * edge of the base touching them, of every edge type, and deleted those and the pending ones
   * (see `deleteNode`). The orphan check need not read those edges again.
   */
  readonly cascaded?: ReadonlySet<string>;
  /**
   * The stable row ids of deleted base rows, by id, where the change read them (the edges a node
   * delete takes with it): a delete of ids whose row ids it knows goes by row id, which Lance
   * resolves without looking ids up (at 10M edges, a person's ten: 6 ms instead of 20).
   */
  readonly deletedRowIds?: ReadonlyMap<string, bigint>;
}

/** One edge's endpoint ids. */
export interface EdgeEnd {
  readonly src: string;
  readonly dst: string;
}

/** A write's entity changes, by table key (`node:Person`, `edge:Knows`). */
export type ChangeSet = ReadonlyMap<string, TableChanges>;

/** The kinds of constraint a change set can break (merge reports them as conflict kinds). */
export type ViolationKind =
  'orphan_edge' | 'unique_violation' | 'cardinality_violation' | 'value_constraint_violation';

/** One broken constraint, named by the entity that breaks it. */
export interface ConstraintViolation {
  readonly kind: ViolationKind;
  readonly entity_kind: 'node' | 'edge';
  readonly type_name: string;
  readonly id: string;
  readonly message: string;
}

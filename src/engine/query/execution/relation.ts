import { isEveryRow, isKnownDistinct, knownDistinct, slotSet } from './slot-set.js';
import { joinedLists } from '../../../util/joined-lists.js';
import { OmniError } from '../../../util/omni-error.js';
import { anchorShape } from '../../../util/shape-anchor.js';
import type { EntityPool } from './entity-pool.js';

/** A variable of a relation: a node or edge variable and the pool its slots index. */
export interface RelationVar {
  readonly name: string;
  readonly pool: EntityPool;
}

/**
 * The rows a `match` has produced so far, column-wise: for each bound variable, the slot of its
 * entity in each row. Immutable: every operation returns a new relation.
 */
export class Relation {
  readonly vars: readonly RelationVar[];
  readonly columns: readonly (readonly number[])[];
  readonly size: number;

  constructor(vars: readonly RelationVar[], columns: readonly (readonly number[])[], size: number) {
    this.vars = vars;
    this.columns = columns;
    this.size = size;
  }

  /** The relation with no variables and one row: the start of every match. */
  static unit(): Relation {
    return new Relation([], [], 1);
  }

  /** True when `name` is bound here. */
  has(name: string): boolean {
    return this.vars.some((v) => v.name === name);
  }

  /** The variable named `name`. */
  variable(name: string): RelationVar {
    const found = this.vars.find((v) => v.name === name);
    if (found === undefined) throw new OmniError('internal', `variable $${name} is not bound`);
    return found;
  }

  /** The slots of `name`, one per row. */
  slots(name: string): readonly number[] {
    const index = this.vars.findIndex((v) => v.name === name);
    const column = this.columns[index];
    if (column === undefined) throw new OmniError('internal', `variable $${name} is not bound`);
    return column;
  }

  /**
   * The rows at `rows` (a subset, a reordering, or repeats), in that order. Picking rows known
   * to be distinct keeps a column known to hold each slot once known so.
   */
  pick(rows: readonly number[]): Relation {
    const distinctRows = isKnownDistinct(rows);
    return new Relation(
      this.vars,
      this.columns.map((column) => {
        // A whole table's rows: row `r` holds slot `r`, so the picked slots are the rows, shared
        // (no list of a relation is ever changed). At a million rows, reading them from the
        // column is a cache miss each, and copying them made one more list each read.
        const picked = isEveryRow(column) ? rows : rows.map((row) => column[row] ?? -1);
        return distinctRows && isKnownDistinct(column) ? knownDistinct(picked) : picked;
      }),
      rows.length,
    );
  }

  /** Rows `start … end - 1`, in order. */
  slice(start: number, end: number): Relation {
    const to = Math.min(end, this.size);
    return new Relation(
      this.vars,
      this.columns.map((column) => column.slice(start, to)),
      Math.max(0, to - start),
    );
  }

  /** The rows of `this`, then those of `other`, which binds the same variables in the same order. */
  concat(other: Relation): Relation {
    const same =
      other.vars.length === this.vars.length &&
      other.vars.every((v, index) => v.name === this.vars[index]?.name);
    if (!same) throw new OmniError('internal', 'concatenated relations bind different variables');
    return new Relation(
      this.vars,
      this.columns.map((column, index) => joinedLists(column, other.columns[index] ?? [])),
      this.size + other.size,
    );
  }

  /** Row `rows[i]` extended with `variable` bound to `slots[i]`, for every i. */
  extend(rows: readonly number[], variable: RelationVar, slots: readonly number[]): Relation {
    return new Relation([...this.vars, variable], [...this.pick(rows).columns, slots], rows.length);
  }

  /** The distinct slots of `name`, in order of first appearance. */
  distinctSlots(name: string): readonly number[] {
    return distinctOf(this.slots(name));
  }

  /**
   * This relation of one row extended with `variable` bound to each of `slots`: the one row's
   * slots repeated, and `slots` itself as the new column (no copy of a million slots).
   */
  extendOne(variable: RelationVar, slots: readonly number[]): Relation {
    if (this.size !== 1) throw new OmniError('internal', 'extendOne needs a relation of one row');
    const repeated = this.columns.map((column) =>
      new Array<number>(slots.length).fill(column[0] ?? -1),
    );
    return new Relation([...this.vars, variable], [...repeated, slots], slots.length);
  }
}

/** Relations live for one query: their layout is kept across collections. */
anchorShape(Relation.unit());

/**
 * The distinct values of a slot column, in order of first appearance; a column holding anything
 * but slots goes through a Set.
 */
function distinctOf(slots: readonly number[]): readonly number[] {
  if (isKnownDistinct(slots)) return slots;
  let max = -1;
  // Indexed: a for-of that may return early allocates a result per step in unoptimized code.
  for (let at = 0; at < slots.length; at += 1) {
    const slot = slots[at] ?? -1;
    if (!Number.isInteger(slot) || slot < 0) return [...new Set(slots)];
    if (slot > max) max = slot;
  }
  const seen = slotSet(max + 1, slots.length);
  // Filled by index and then cut: pushing a million slots costs several times more.
  const distinct = new Array<number>(slots.length);
  let count = 0;
  for (const slot of slots) {
    if (!seen.has(slot)) {
      seen.add(slot);
      distinct[count++] = slot;
    }
  }
  distinct.length = count;
  return distinct;
}

import { OmniError } from '../../util/omni-error.js';
import type { ColumnarRows } from '../lance/column-decoder.js';
import type { Filter } from '../lance/filter.js';
import type { Cell } from '../lance/row.js';
import type { TableReader } from '../lance/table-reader.js';
import { lookupRows } from './row-lookup.js';

/** Where a pool reads its table. */
export interface PoolSource {
  /** The table key (`node:Person`, `edge:Knows`). */
  readonly key: string;
  readonly kind: 'node' | 'edge';
  /** The type name (`Person`). */
  readonly typeName: string;
  /** Rows in the pinned table (from the manifest). */
  readonly rowCount: number;
  readonly reader: () => Promise<TableReader>;
  /**
   * Columns whose value follows from the id without reading the table: the single `@key`
   * property of a keyed node type, whose canonical spelling is the id.
   */
  readonly derived: ReadonlyMap<string, (id: string) => Cell>;
}

/**
 * The entities of one node or edge type that a query has met, numbered densely by first sight
 * ("slots"), with the values of the columns the query reads, stored column by column. Relations
 * hold slots, so joins and grouping work on small integers rather than id strings. One pool per
 * type per query.
 */
export class EntityPool {
  readonly source: PoolSource;
  /** Columns read from the table for every loaded entity: `id` (and `src`, `dst`) first. */
  readonly columns: readonly string[];
  readonly #ids: string[] = [];
  readonly #slotOf = new Map<string, number>();
  readonly #loaded: boolean[] = [];
  readonly #values = new Map<string, Cell[]>();
  /** Derived values already parsed from ids, per column and slot. */
  readonly #derived = new Map<string, Cell[]>();
  /** True when every column the query reads follows from the id: nothing to load. */
  readonly #idOnly: boolean;

  constructor(source: PoolSource, columns: readonly string[]) {
    this.source = source;
    this.columns = columns.filter((column) => !source.derived.has(column));
    for (const column of this.columns) if (column !== 'id') this.#values.set(column, []);
    this.#idOnly = this.#values.size === 0;
  }

  get key(): string {
    return this.source.key;
  }

  /** The slot of an id, registering it when new. */
  slot(id: string): number {
    let slot = this.#slotOf.get(id);
    if (slot === undefined) {
      slot = this.#ids.length;
      this.#ids.push(id);
      this.#slotOf.set(id, slot);
    }
    return slot;
  }

  /** The slot of an id already met, or undefined. */
  knownSlot(id: string): number | undefined {
    return this.#slotOf.get(id);
  }

  /** The id in a slot. */
  id(slot: number): string {
    const id = this.#ids[slot];
    if (id === undefined) throw new RangeError(`no entity in slot ${slot} of ${this.key}`);
    return id;
  }

  /** True when the columns of a slot can be read (see {@link load}). */
  isLoaded(slot: number): boolean {
    return this.#idOnly || this.#loaded[slot] === true;
  }

  /** The value of `column` for a slot; the row must be loaded unless the column is derived. */
  value(slot: number, column: string): Cell {
    if (column === 'id') return this.id(slot);
    const derive = this.source.derived.get(column);
    if (derive !== undefined) {
      let cache = this.#derived.get(column);
      if (cache === undefined) this.#derived.set(column, (cache = []));
      let value = cache[slot];
      if (value === undefined) cache[slot] = value = derive(this.id(slot));
      return value;
    }
    if (!this.isLoaded(slot)) {
      throw new OmniError(
        'internal',
        `${this.key} entity '${this.id(slot)}' read before it was loaded`,
      );
    }
    return this.#values.get(column)?.[slot] ?? null;
  }

  /** Every row of the table that passes `filter` (all rows when absent), loaded; their slots. */
  async scan(filter: Filter | undefined): Promise<number[]> {
    const reader = await this.source.reader();
    return this.adopt(await reader.scanColumns({ filter, columns: this.columns }));
  }

  /** Registers and loads rows read elsewhere (they hold at least {@link columns}); their slots. */
  adopt(rows: ColumnarRows): number[] {
    const ids = (rows.columns.id ?? []) as readonly string[];
    const slots: number[] = [];
    for (let index = 0; index < rows.length; index += 1) {
      slots.push(this.#store(this.slot(ids[index] ?? ''), rows, index));
    }
    return slots;
  }

  /** Loads the rows of `slots` that are not loaded yet. */
  async load(slots: readonly number[]): Promise<void> {
    if (this.#idOnly) return;
    const missing = slots.filter((slot) => this.#loaded[slot] !== true);
    if (missing.length === 0) return;
    await this.#lookup([...new Set(missing)], undefined);
  }

  /**
   * The subset of `slots` whose rows pass `filter`, evaluated by Lance (the filter is pushed into
   * the lookup), in the order given. Rows read on the way are loaded.
   */
  async filter(slots: readonly number[], filter: Filter): Promise<number[]> {
    if (slots.length === 0) return [];
    const passing = new Set(await this.#lookup([...new Set(slots)], filter));
    return slots.filter((slot) => passing.has(slot));
  }

  /** Looks `slots` up by id (or scans the table when that is cheaper); returns the slots found. */
  async #lookup(slots: readonly number[], filter: Filter | undefined): Promise<number[]> {
    const reader = await this.source.reader();
    const wanted = new Set(slots);
    const rows = await lookupRows(
      reader,
      slots.map((slot) => this.id(slot)),
      {
        columns: this.columns,
        rowCount: this.source.rowCount,
        ...(filter === undefined ? {} : { filter }),
      },
    );
    const ids = (rows.columns.id ?? []) as readonly string[];
    const found: number[] = [];
    for (let index = 0; index < rows.length; index += 1) {
      const slot = this.#slotOf.get(ids[index] ?? '');
      if (slot !== undefined && wanted.has(slot)) found.push(this.#store(slot, rows, index));
    }
    return found;
  }

  #store(slot: number, rows: ColumnarRows, index: number): number {
    if (this.#loaded[slot] === true) return slot;
    for (const [column, values] of this.#values)
      values[slot] = rows.columns[column]?.[index] ?? null;
    this.#loaded[slot] = true;
    return slot;
  }
}

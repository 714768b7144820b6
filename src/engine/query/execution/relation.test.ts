import { describe, expect, it } from 'vitest';
import { CacheBudget } from '../../../util/cache-budget.js';
import { ColumnCache } from './column-cache.js';
import { EntityPool } from './entity-pool.js';
import { Relation, type RelationVar } from './relation.js';
import { everyRow, knownDistinct } from './slot-set.js';

// Relations carry a variable's pool along; these operations never read its table.
const pool = new EntityPool(
  {
    key: 'node:Person',
    kind: 'node',
    typeName: 'Person',
    rowCount: 0,
    reader: () => Promise.reject(new Error('no table is read')),
    derived: new Map(),
    indexed: new Set(['id']),
    indexes: () => Promise.reject(new Error('no table is read')),
    cache: new ColumnCache(new CacheBudget(0)),
  },
  ['id'],
);
const variable = (name: string): RelationVar => ({ name, pool });

describe('Relation', () => {
  it('finds the distinct slots of a column in order of first appearance', () => {
    const relation = Relation.unit().extendOne(variable('p'), [3, 1, 3, 2, 1]);
    expect(relation.distinctSlots('p')).toEqual([3, 1, 2]);
  });

  it('takes a list marked distinct as its own distinct slots, without copying it', () => {
    const slots = knownDistinct([4, 0, 2]);
    const relation = Relation.unit().extendOne(variable('p'), slots);
    expect(relation.distinctSlots('p')).toBe(slots);
    // An equal list that was not marked is scanned, and gives an equal answer.
    const unmarked = Relation.unit().extendOne(variable('p'), [4, 0, 2]);
    expect(unmarked.distinctSlots('p')).not.toBe(unmarked.slots('p'));
    expect(unmarked.distinctSlots('p')).toEqual(slots);
  });

  it("picks a whole table's rows as its slots, sharing the list of rows rather than copying it", () => {
    const table = Relation.unit().extendOne(variable('p'), everyRow(6));
    const rows = knownDistinct([5, 2, 3]);
    const picked = table.pick(rows);
    expect(picked.slots('p')).toBe(rows);
    expect(picked.distinctSlots('p')).toBe(rows);
    // Any other column is read at the rows.
    const other = Relation.unit().extendOne(variable('p'), [9, 8, 7, 6, 5, 4]).pick(rows);
    expect(other.slots('p')).toEqual([4, 7, 6]);
  });

  it('keeps a distinct column known distinct when picking distinct rows, and only then', () => {
    const relation = Relation.unit().extendOne(variable('p'), knownDistinct([4, 0, 2, 9]));
    const reordered = relation.pick(knownDistinct([3, 1, 0]));
    expect(reordered.slots('p')).toEqual([9, 0, 4]);
    expect(reordered.distinctSlots('p')).toBe(reordered.slots('p'));
    // Rows that may repeat: the picked column is scanned, and its repeats dropped.
    const repeated = relation.pick([1, 1, 2]);
    expect(repeated.distinctSlots('p')).toEqual([0, 2]);
    // A column not known distinct stays unknown, whatever rows are picked.
    const unmarked = Relation.unit().extendOne(variable('p'), [5, 5, 6]);
    const picked = unmarked.pick(knownDistinct([0, 1]));
    expect(picked.distinctSlots('p')).toEqual([5]);
  });

  it('extends a relation of one row by repeating its slots beside the new column', () => {
    const start = Relation.unit().extendOne(variable('a'), [7]);
    const slots = [5, 6, 8];
    const extended = start.extendOne(variable('b'), slots);
    expect(extended.size).toBe(3);
    expect(extended.slots('a')).toEqual([7, 7, 7]);
    expect(extended.slots('b')).toBe(slots);
    expect(() => extended.extendOne(variable('c'), [1])).toThrow('one row');
  });
});

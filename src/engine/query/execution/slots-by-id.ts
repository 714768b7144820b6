import { compareStrings } from '../../values/index.js';

/**
 * `slots` ordered by their entities' ids, as ties between rows are broken (`row-order.ts`): a
 * binding step of rows built in result order yields its entities this way.
 */
export function slotsById(slots: readonly number[], pool: { id(slot: number): string }): number[] {
  const ids = slots.map((slot) => pool.id(slot));
  const positions = Array.from(slots.keys());
  positions.sort((a, b) => compareStrings(ids[a] ?? '', ids[b] ?? ''));
  return positions.map((position) => slots[position] ?? -1);
}

/**
 * `a` then `b`, in a new array. Not `Array.prototype.concat`: Apache Arrow marks its vectors
 * `Symbol.isConcatSpreadable`, which makes V8 take its slow generic path for every `concat` in
 * the process (a hundred thousand elements: tens of milliseconds instead of under one).
 */
export function joinedLists<T>(a: readonly T[], b: readonly T[]): T[] {
  const out = a.slice();
  for (const item of b) out.push(item);
  return out;
}

/**
 * A copy of `array` with room for at least `size` entries (at least twice as many, to amortize
 * growth), the rest zero.
 */
export function grown(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const larger = new Int32Array(Math.max(size, array.length * 2));
  larger.set(array);
  return larger;
}

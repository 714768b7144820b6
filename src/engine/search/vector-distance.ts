/**
 * Cosine distance `1 - cos(a, b)` (0 for the same direction, 2 for opposite), computed in double
 * precision; undefined when either vector has no direction (all zeros) or the lengths differ.
 */
export function cosineDistance(a: readonly number[], b: readonly number[]): number | undefined {
  if (a.length !== b.length) return undefined;
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let index = 0; index < a.length; index += 1) {
    const x = a[index] ?? 0;
    const y = b[index] ?? 0;
    dot += x * y;
    aa += x * x;
    bb += y * y;
  }
  if (aa === 0 || bb === 0) return undefined;
  return 1 - dot / Math.sqrt(aa * bb);
}

/**
 * A copy of `text` that holds no reference to the text it was cut from. A substring keeps its
 * whole parent alive (V8 slices strings without copying), and the lines of a load are cut from
 * the decoded text of a whole chunk of input: an id kept for the whole load would keep its
 * chunk. Concatenation makes V8 flatten the text into a string of its own, which the slice then
 * points into.
 */
export function detached(text: string): string {
  return `${text} `.slice(0, -1);
}

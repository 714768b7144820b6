/**
 * `value` as plain JSON data an MCP message can carry (messages are written with
 * `JSON.stringify`, which throws on a `bigint`): 64-bit integers become numbers while they are
 * exact (within ±(2^53−1)), and decimal strings beyond, as tools accept them in arguments.
 *
 * @example structuredValue({ small: 42n, wide: 9007199254740993n }) // { small: 42, wide: '9007199254740993' }
 */
export function structuredValue(value: unknown): unknown {
  if (typeof value === 'bigint') {
    const number = Number(value);
    return Number.isSafeInteger(number) ? number : value.toString();
  }
  if (Array.isArray(value)) return value.map(structuredValue);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, item]) => [
      key,
      structuredValue(item),
    ]),
  );
}

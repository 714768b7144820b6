/**
 * JSON text of plain data that may hold `bigint`s, written as bare integers at full width
 * (`JSON.stringify` throws on them, and a number would round past 2^53). Otherwise the output
 * is what `JSON.stringify(value, null, indent)` writes.
 *
 * @example jsonText({ total: 9007199254740993n }) // '{"total":9007199254740993}'
 */
export function jsonText(value: unknown, indent = 0): string {
  return write(value, indent > 0 ? ' '.repeat(indent) : '', '');
}

function write(value: unknown, step: string, pad: string): string {
  if (typeof value === 'bigint') return value.toString();
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol')
    return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = pad + step;
  const open = step === '' ? '' : `\n${inner}`;
  const separator = step === '' ? ',' : `,\n${inner}`;
  const close = step === '' ? '' : `\n${pad}`;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((item: unknown) =>
      write(item === undefined ? null : item, step, inner),
    );
    return `[${open}${items.join(separator)}${close}]`;
  }
  const colon = step === '' ? ':' : ': ';
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .map(([key, item]) => `${JSON.stringify(key)}${colon}${write(item, step, inner)}`);
  if (entries.length === 0) return '{}';
  return `{${open}${entries.join(separator)}${close}}`;
}

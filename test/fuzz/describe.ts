// Printable forms of inputs: every character visible (lone surrogates and controls escaped),
// huge values cut, so a failure report can be read and pasted.
import type { FuzzCase } from './fuzz-case.js';

/** `text` as a JSON string literal (escapes controls and lone surrogates), cut at `max`. */
export function quoted(text: string, max: number): string {
  const cut = text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text;
  return JSON.stringify(cut);
}

/** A JSON-like rendering of any param value: bigints, NaN, -0, symbols, deep nesting. */
function renderValue(value: unknown, max: number, depth = 0): string {
  if (depth > 12) return '…(deeper)';
  if (typeof value === 'string') return quoted(value, max);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'symbol' || typeof value === 'function') return `<${typeof value}>`;
  if (value === undefined) return 'undefined';
  if (value === null || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return `Date(${value.getTime()})`;
  if (Array.isArray(value)) {
    const items = value.slice(0, 20).map((v) => renderValue(v, max, depth + 1));
    return `[${items.join(', ')}${value.length > 20 ? `, …(${value.length} items)` : ''}]`;
  }
  const entries = Object.entries(value).map(
    ([k, v]) => `${JSON.stringify(k)}: ${renderValue(v, max, depth + 1)}`,
  );
  return `{${entries.join(', ')}}`;
}

function renderData(data: string | Uint8Array, max: number): string {
  if (typeof data === 'string') {
    const lines = data.split('\n');
    return lines.map((line) => `    ${quoted(line, max)}`).join('\n');
  }
  const hex = Buffer.from(data.slice(0, max)).toString('hex');
  return `    bytes(${data.length}) hex ${hex}${data.length > max ? '…' : ''}`;
}

/** The input of a case, one field per line; strings longer than `max` are cut. */
export function describeCase(c: FuzzCase, max = 400): string {
  const head = `kind=${c.kind} valid=${c.valid} what=${c.what}`;
  switch (c.kind) {
    case 'schema':
      return `${head} plan=${c.plan}\n  source: ${quoted(c.source, max * 4)}`;
    case 'compile':
    case 'query':
    case 'mutate': {
      const extra = [
        c.input.name === undefined ? '' : `  name: ${quoted(c.input.name, max)}`,
        'branch' in c && c.branch !== undefined ? `  branch: ${quoted(c.branch, max)}` : '',
        'snapshot' in c && c.snapshot !== undefined ? `  snapshot: ${quoted(c.snapshot, max)}` : '',
        'ifCommit' in c && c.ifCommit !== undefined ? `  ifCommit: ${quoted(c.ifCommit, max)}` : '',
        'explain' in c && c.explain ? '  explain: true' : '',
      ].filter(Boolean);
      return [
        head,
        `  source: ${quoted(c.input.source, max * 4)}`,
        `  params: ${renderValue(c.input.params, max)}`,
        ...extra,
      ].join('\n');
    }
    case 'branch':
      return `${head}\n  op: ${renderValue(c.op, max)}`;
    case 'load': {
      const { data, ...request } = c.input;
      return `${head}\n  request: ${renderValue(request, max)}\n  data:\n${renderData(data, max)}`;
    }
  }
}

import type { ArrowType } from '../../compiler/catalog/catalog.js';
import { assertNever } from '../../util/assert-never.js';
import type { Cell } from '../lance/index.js';

const MS_PER_DAY = 86_400_000;

/** Shortest decimal that reads back as the same float32 (so 0.1 prints as 0.1). */
export function formatFloat32(value: number): string {
  if (!Number.isFinite(value)) return JSON.stringify(nonFinite(value));
  const stored = Math.fround(value);
  for (let digits = 1; digits <= 9; digits += 1) {
    const text = String(Number(stored.toPrecision(digits)));
    if (Math.fround(Number(text)) === stored) return text;
  }
  return String(stored);
}

function nonFinite(value: number): string {
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

function formatNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : JSON.stringify(nonFinite(value));
}

/** Epoch days as `YYYY-MM-DD`. */
export function formatDate32(days: number): string {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Epoch milliseconds as `YYYY-MM-DDTHH:MM:SS.mmmZ`. */
export function formatDate64(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * One stored value as JSON text, as OmniGraph writes values on the wire and in exports:
 * 64-bit integers at full width (never rounded through a double), float32 in its shortest
 * exact form, Date as `YYYY-MM-DD`, DateTime as an ISO string in UTC, NaN and infinities as
 * the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
 */
export function cellJson(type: ArrowType, cell: Cell): string {
  if (cell === null) return 'null';
  switch (type.kind) {
    case 'utf8':
    case 'bool':
      return JSON.stringify(cell);
    case 'int32':
    case 'uint32':
    case 'int64':
    case 'uint64':
      return String(cell);
    case 'float32':
      return formatFloat32(Number(cell));
    case 'float64':
      return formatNumber(Number(cell));
    case 'date32':
      return JSON.stringify(formatDate32(Number(cell)));
    case 'date64':
      return JSON.stringify(formatDate64(Number(cell)));
    case 'large_binary':
      return JSON.stringify(`base64:${Buffer.from(cell as Uint8Array).toString('base64')}`);
    case 'list':
      return `[${(cell as readonly Cell[]).map((item) => cellJson(type.element, item)).join(',')}]`;
    case 'fixed_size_list':
      return `[${(cell as readonly Cell[]).map((item) => formatFloat32(Number(item))).join(',')}]`;
    default:
      return assertNever(type, 'arrow type');
  }
}

import type { QueryResult, ReadOutput, ResultValue } from '../api/index.js';
import { jsonText } from '../api/json-text.js';
import { readResultJson } from '../api/read-result-json.js';
import { assertNever } from '../util/assert-never.js';

/** The output formats of read results (docs/reference/query.md, "The result"). */
export const READ_FORMATS = ['table', 'kv', 'csv', 'jsonl', 'json'] as const;

/** One of {@link READ_FORMATS}. */
export type ReadFormat = (typeof READ_FORMATS)[number];

/** Options of {@link formatReadResult}. */
export interface ReadFormatOptions {
  /** Widest table column before cells are truncated (`table_max_column_width`, min 8). */
  readonly maxColumnWidth?: number;
  /** Long cells cut with `…` (`truncate`, the default) or continued on more lines (`wrap`). */
  readonly cellLayout?: CellLayout;
}

/** How a table shows a cell wider than its column (`table_cell_layout`). */
export type CellLayout = 'truncate' | 'wrap';

const DEFAULT_MAX_COLUMN_WIDTH = 80;
const MIN_COLUMN_WIDTH = 8;

/**
 * A read result as text in one of the CLI formats, ending with a newline.
 *
 * @example formatReadResult(result, 'csv') // 'p.name,p.age\nAlice,30\n'
 */
export function formatReadResult(
  result: QueryResult,
  format: ReadFormat,
  options: ReadFormatOptions = {},
): string {
  switch (format) {
    case 'json':
      return `${readResultJson(result, { indent: 2 })}\n`;
    case 'jsonl':
      return jsonlLines(result);
    case 'csv':
      return csvLines(result);
    case 'table':
      return tableLines(result, options);
    case 'kv':
      return kvLines(result);
    default:
      return assertNever(format, 'read format');
  }
}

/** `<N> rows from branch <b>|snapshot <id> via <query>`. */
function headline(result: ReadOutput): string {
  const from =
    result.target.snapshot === null
      ? `branch ${result.target.branch ?? 'main'}`
      : `snapshot ${result.target.snapshot}`;
  return `${result.row_count} rows from ${from} via ${result.query_name}`;
}

function jsonlLines(result: ReadOutput): string {
  const metadata = {
    kind: 'metadata',
    query_name: result.query_name,
    target: result.target,
    row_count: result.row_count,
  };
  return [metadata, ...result.rows].map((line) => `${jsonText(line)}\n`).join('');
}

/** A value as plain text: strings as they are, other values as JSON. */
function plainText(value: ResultValue): string {
  return typeof value === 'string' ? value : jsonText(value);
}

function csvLines(result: ReadOutput): string {
  const field = (text: string): string =>
    /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  const lines = [
    result.columns.map(field).join(','),
    ...result.rows.map((row) =>
      result.columns
        .map((name) => {
          const value = row[name] ?? null;
          return field(value === null ? '' : plainText(value));
        })
        .join(','),
    ),
  ];
  return `${lines.join('\n')}\n`;
}

function tableLines(result: ReadOutput, options: ReadFormatOptions): string {
  if (result.row_count === 0) return `${headline(result)}\n(no rows)\n`;
  const limit = Math.max(MIN_COLUMN_WIDTH, options.maxColumnWidth ?? DEFAULT_MAX_COLUMN_WIDTH);
  const wrap = options.cellLayout === 'wrap';
  // Each cell is the lines it takes: one when truncated, as many as its width needs when wrapped.
  const cell = (text: string): string[] => {
    const points = Array.from(text.replaceAll('\r', '\\r').replaceAll('\n', '\\n'));
    if (points.length <= limit) return [points.join('')];
    if (!wrap) return [`${points.slice(0, limit - 1).join('')}…`];
    const lines: string[] = [];
    for (let start = 0; start < points.length; start += limit)
      lines.push(points.slice(start, start + limit).join(''));
    return lines;
  };
  const header = result.columns.map(cell);
  const body = result.rows.map((row) =>
    result.columns.map((name) => cell(plainText(row[name] ?? null))),
  );
  const widths = header.map((title, index) =>
    Math.max(...[title, ...body.map((cells) => cells[index] ?? [])].flat().map(width)),
  );
  const line = (cells: readonly (readonly string[])[]): string[] => {
    const height = Math.max(...cells.map((lines) => lines.length));
    return Array.from({ length: height }, (_, at) => {
      const text = cells
        .map((lines, index) => {
          const part = lines[at] ?? '';
          return index === cells.length - 1 ? part : pad(part, widths[index] ?? 0);
        })
        .join(' | ');
      // A continuation line ends where its text does; the first keeps the cell's own spaces.
      return at === 0 ? text : text.trimEnd();
    });
  };
  const separator = widths.map((size) => '-'.repeat(size)).join('-+-');
  return `${[headline(result), ...line(header), separator, ...body.flatMap(line)].join('\n')}\n`;
}

function kvLines(result: ReadOutput): string {
  const blocks = result.rows.map((row, index) =>
    [
      `row ${index + 1}`,
      ...result.columns.map((name) => `${name}: ${plainText(row[name] ?? null)}`),
    ].join('\n'),
  );
  if (blocks.length === 0) return `${headline(result)}\n(no rows)\n`;
  return `${headline(result)}\n${blocks.join('\n\n')}\n`;
}

function width(text: string): number {
  return Array.from(text).length;
}

function pad(text: string, size: number): string {
  return text + ' '.repeat(Math.max(0, size - width(text)));
}

/** Where one member of a JSON object sits in the text: offsets into it, end exclusive. */
export interface MemberSpan {
  readonly name: string;
  /** The opening quote of the member's name. */
  readonly start: number;
  /** Just past the closing quote of its name. */
  readonly nameEnd: number;
  readonly valueStart: number;
  readonly valueEnd: number;
}

/** Where a JSON object sits in the text, and its members in their order. */
export interface ObjectSpan {
  /** The `{`. */
  readonly start: number;
  /** Just past the `}`. */
  readonly end: number;
  readonly members: readonly MemberSpan[];
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const VALUE_DELIMITERS = new Set([',', ']', '}', ' ', '\t', '\n', '\r']);

/**
 * The spans of the object that starts at `start` in `text`, which must already be known to be
 * valid JSON (it went through `JSON.parse`). Editing a record by these spans changes only the
 * member edited: every other byte of the line — key order, number spellings, escapes, integers
 * past 2^53 — stays exactly as written.
 *
 * @example objectSpans('{"a": 1}', 0).members[0] // { name: 'a', start: 1, nameEnd: 4, valueStart: 6, valueEnd: 7 }
 */
export function objectSpans(text: string, start: number): ObjectSpan {
  const members: MemberSpan[] = [];
  let at = skipWhitespace(text, start + 1);
  if (text[at] === '}') return { start, end: at + 1, members };
  for (;;) {
    const nameEnd = stringEnd(text, at);
    const name = JSON.parse(text.slice(at, nameEnd)) as string;
    const valueStart = skipWhitespace(text, skipWhitespace(text, nameEnd) + 1);
    const valueEnd = jsonValueEnd(text, valueStart);
    members.push({ name, start: at, nameEnd, valueStart, valueEnd });
    const next = skipWhitespace(text, valueEnd);
    if (text[next] === '}') return { start, end: next + 1, members };
    at = skipWhitespace(text, next + 1);
  }
}

/** The first offset at or after `at` that is not JSON whitespace. */
export function skipWhitespace(text: string, at: number): number {
  let position = at;
  while (position < text.length && WHITESPACE.has(text.charAt(position))) position += 1;
  return position;
}

/** Just past the JSON value that starts at `at`. */
function jsonValueEnd(text: string, at: number): number {
  const first = text.charAt(at);
  if (first === '"') return stringEnd(text, at);
  if (first === '{' || first === '[') return containerEnd(text, at);
  let position = at;
  while (position < text.length && !VALUE_DELIMITERS.has(text.charAt(position))) position += 1;
  return position;
}

/** Just past the string whose opening quote is at `at`. */
function stringEnd(text: string, at: number): number {
  for (let position = at + 1; position < text.length; position += 1) {
    const char = text.charAt(position);
    if (char === '\\') position += 1;
    else if (char === '"') return position + 1;
  }
  return text.length;
}

/** Just past the array or object that opens at `at`. */
function containerEnd(text: string, at: number): number {
  let depth = 0;
  for (let position = at; position < text.length; position += 1) {
    const char = text.charAt(position);
    if (char === '"') position = stringEnd(text, position) - 1;
    else if (char === '{' || char === '[') depth += 1;
    else if (char === '}' || char === ']') {
      depth -= 1;
      if (depth === 0) return position + 1;
    }
  }
  return text.length;
}

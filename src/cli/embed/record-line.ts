import { OmniError } from '../../util/omni-error.js';
import {
  objectSpans,
  skipWhitespace,
  type MemberSpan,
  type ObjectSpan,
} from './json-object-spans.js';

/** Where a record is, for messages and error details. */
export interface RecordPlace {
  /** The input file as the user named it. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
}

/** `line 3 of 'raw.jsonl'` */
export function describePlace(place: RecordPlace): string {
  return `line ${place.line} of '${place.file}'`;
}

/** A node record's `data` object: its parsed members, and where each sits in the line. */
export interface RecordData {
  readonly values: Readonly<Record<string, unknown>>;
  readonly span: ObjectSpan;
}

/** A node line: `{"type": …, "data": {…}}`. */
export interface NodeLine {
  readonly kind: 'node';
  readonly text: string;
  readonly type: string;
  /** Undefined when the line has no `data`. */
  readonly data: RecordData | undefined;
}

/** One line of the NDJSON load format, as `embed` sees it. */
export type RecordLine = { readonly kind: 'edge'; readonly text: string } | NodeLine;

function badRecord(place: RecordPlace, problem: string): OmniError {
  return new OmniError('bad_request', `${describePlace(place)}: ${problem}`, {
    details: { file: place.file, line: place.line },
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The member named `name` of an object, if it has one. */
export function memberNamed(span: ObjectSpan, name: string): MemberSpan | undefined {
  return span.members.find((member) => member.name === name);
}

function refuseDuplicates(place: RecordPlace, span: ObjectSpan, where: string): void {
  const seen = new Set<string>();
  for (const { name } of span.members) {
    if (seen.has(name)) throw badRecord(place, `member '${name}' appears twice in ${where}`);
    seen.add(name);
  }
}

/**
 * Reads one line of the load format (docs/reference/ndjson.md): a node `{"type", "data"}` or an
 * edge `{"edge", …}`. Anything else — text that is not JSON, not one object, both or neither of
 * `type` and `edge`, a `data` that is not an object, a member given twice — is a `bad_request`
 * naming the line.
 */
export function parseRecordLine(text: string, place: RecordPlace): RecordLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw badRecord(place, `not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(value)) {
    throw badRecord(
      place,
      'not a JSON object; each line is one {"type":…} node or {"edge":…} edge',
    );
  }
  const top = objectSpans(text, skipWhitespace(text, 0));
  refuseDuplicates(place, top, 'the record');
  const isNode = Object.hasOwn(value, 'type');
  if (isNode === Object.hasOwn(value, 'edge')) {
    throw badRecord(place, 'a record has exactly one of `type` (a node) and `edge` (an edge)');
  }
  if (!isNode) return { kind: 'edge', text };
  const type = value.type;
  if (typeof type !== 'string') throw badRecord(place, '`type` must be a string');
  const member = memberNamed(top, 'data');
  if (member === undefined) return { kind: 'node', text, type, data: undefined };
  if (!isObject(value.data)) throw badRecord(place, '`data` must be an object');
  const span = objectSpans(text, member.valueStart);
  refuseDuplicates(place, span, '`data`');
  return { kind: 'node', text, type, data: { values: value.data, span } };
}

/**
 * The line with `data[name]` set to `json`: replaced where it stands, or appended as the last
 * member of `data`, spaced like the members before it (`, "k": v` or `,"k":v`). Nothing else in
 * the line changes.
 */
export function withDataMember(text: string, data: RecordData, name: string, json: string): string {
  const members = data.span.members;
  const member = memberNamed(data.span, name);
  if (member !== undefined) {
    return `${text.slice(0, member.valueStart)}${json}${text.slice(member.valueEnd)}`;
  }
  const last = members.at(-1);
  if (last === undefined) {
    const at = data.span.start + 1;
    return `${text.slice(0, at)}${JSON.stringify(name)}:${json}${text.slice(at)}`;
  }
  const previous = members.at(-2);
  const comma = previous === undefined ? ',' : separator(text, previous.valueEnd, last.start, ',');
  const colon = separator(text, last.nameEnd, last.valueStart, ':');
  const entry = `${comma}${JSON.stringify(name)}${colon}${json}`;
  return `${text.slice(0, last.valueEnd)}${entry}${text.slice(last.valueEnd)}`;
}

/** The text between two members (or a name and its value) when it is one-line, else `plain`. */
function separator(text: string, from: number, to: number, plain: string): string {
  const between = text.slice(from, to);
  return /^[ \t]*[,:][ \t]*$/.test(between) ? between : plain;
}

/** The line without `data[name]` (with its comma); the line itself when it has none. */
export function withoutDataMember(text: string, data: RecordData, name: string): string {
  const members = data.span.members;
  const index = members.findIndex((member) => member.name === name);
  const member = members[index];
  if (member === undefined) return text;
  const before = members[index - 1];
  const after = members[index + 1];
  // `, "name": value` after a member; `"name": value, ` before one; the only member alone.
  const [from, to] =
    before !== undefined
      ? [before.valueEnd, member.valueEnd]
      : [member.start, after === undefined ? member.valueEnd : after.start];
  return `${text.slice(0, from)}${text.slice(to)}`;
}

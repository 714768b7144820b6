import type { Catalog, EdgeType, NodeType, Property } from '../../compiler/catalog/catalog.js';
import { foldEdgeName } from '../../compiler/catalog/catalog-lookup.js';
import { JSON_CHAR } from '../../util/json-char-codes.js';
import type { Cell, Row } from '../lance/index.js';
import {
  checkRowConstraints,
  coerceValue,
  keyedNodeId,
  type StrictJsonValue,
} from '../values/index.js';
import { parseGraphBatchLine, type LoadRecord } from './graph-batch-record.js';
import { UlidMinter } from '../../util/ulid.js';
import { F32_MAX, INTEGER_BOUNDS, MAX_EXACT_DIGITS, POWERS_OF_TEN } from './exact-numbers.js';

/** What a reader's records are for. */
export interface RecordReaderOptions {
  /**
   * True when the rows are written. The validation pass alone needs neither minted ids (it
   * tracks supplied ids and keys) nor vectors (only that they are valid), except in a type with
   * `@unique`, whose holders it tells apart by id and value: a record of another type gets the
   * empty id if none is supplied, and a placeholder for each vector, sparing a million ids and
   * a hundred thousand arrays made for nothing.
   */
  readonly forWrite: boolean;
}

/** The value of a valid vector the validation pass does not keep. */
const CHECKED_VECTOR: readonly number[] = Object.freeze([]);

/**
 * Reads the lines of a graph batch into records, as {@link parseGraphBatchLine} does, faster.
 * Bulk loads spend most of their JavaScript time there, in generic steps: a JSON tree built then
 * walked, each number sliced out and converted, each property looked up by name. This reader
 * parses the usual shape of a line (`type`/`edge` before `data`, plain strings and numbers)
 * straight into the row. Whatever it is not sure of (an escape it cannot decode exactly, a long
 * integer, an unknown field, any invalid value) it leaves to `parseGraphBatchLine`, which reads
 * the line again from the start: records and errors are the same as that function's, always.
 */
export class RecordReader {
  readonly #catalog: Catalog;
  readonly #fast: FastLineParser;

  constructor(catalog: Catalog, options: RecordReaderOptions) {
    this.#catalog = catalog;
    this.#fast = new FastLineParser(catalog, options);
  }

  /** The record of line number `line`; throws the error `parseGraphBatchLine` would. */
  read(text: string, line: number): LoadRecord {
    return this.#fast.parse(text, line) ?? parseGraphBatchLine(this.#catalog, text, line);
  }
}

/**
 * Thrown inside the fast path to give the line up to the strict one. One instance, never shown:
 * giving up is control flow, not an error.
 */
class FastPathMiss extends Error {}
const MISS = new FastPathMiss('not on the fast path');

function miss(): never {
  throw MISS;
}

/** JSON's character codes, with the first letters of its literals and of a line's members. */
const Ch = {
  ...JSON_CHAR,
  LowerD: 0x64,
  LowerF: 0x66,
  LowerN: 0x6e,
  LowerT: 0x74,
  LowerY: 0x79,
} as const;

/**
 * The strict parser's limit of JSON values per line (`DEFAULT_STRICT_JSON_LIMITS`): the fast path
 * counts them the same way and leaves a line over it to the strict path, which reports it.
 */
const MAX_SLOTS = 131_072;

/** How the fast path reads and converts one property's value. */
type ValueKind =
  'string' | 'bool' | 'i32' | 'u32' | 'i64' | 'u64' | 'f32' | 'f64' | 'vector' | 'other';

interface PropertySpec {
  readonly property: Property;
  readonly kind: ValueKind;
  /** Vector dimension; 0 for other kinds. */
  readonly dimension: number;
}

interface TypeSpec<T extends NodeType | EdgeType> {
  readonly type: T;
  /** The type's name as a JSON string, quotes included: matched in place, never cut out. */
  readonly quotedName: string;
  readonly properties: readonly PropertySpec[];
  /** The properties' names as JSON strings, in declaration order. */
  readonly quotedProperties: readonly string[];
  readonly byName: ReadonlyMap<string, number>;
  /** Mints the id of an entity without one; the empty id when it is not needed. */
  readonly mint: () => string;
  /** Whether rows are kept whole (see {@link RecordReaderOptions.forWrite}). */
  readonly whole: boolean;
}

function valueKind(property: Property): ValueKind {
  const type = property.type;
  if (type.kind === 'vector') return 'vector';
  if (type.kind !== 'scalar') return 'other';
  switch (type.scalar) {
    case 'String':
      return 'string';
    case 'Bool':
      return 'bool';
    case 'I32':
      return 'i32';
    case 'U32':
      return 'u32';
    case 'I64':
      return 'i64';
    case 'U64':
      return 'u64';
    case 'F32':
      return 'f32';
    case 'F64':
      return 'f64';
    case 'Date':
    case 'DateTime':
    case 'Blob':
      return 'other';
  }
}

function typeSpec<T extends NodeType | EdgeType>(
  type: T,
  minter: UlidMinter,
  options: RecordReaderOptions,
): TypeSpec<T> {
  const properties = type.properties.map((property) => ({
    property,
    kind: valueKind(property),
    dimension: property.type.kind === 'vector' ? property.type.dimension : 0,
  }));
  const whole = options.forWrite || type.constraints.some((c) => c.kind === 'unique');
  return {
    type,
    quotedName: JSON.stringify(type.name),
    properties,
    quotedProperties: type.properties.map((p) => JSON.stringify(p.name)),
    byName: new Map(type.properties.map((p, i) => [p.name, i])),
    mint: whole ? () => minter.mint() : () => '',
    whole,
  };
}

/** Which top-level members a line has shown so far. */
const Seen = { Type: 1, Edge: 2, From: 4, To: 8, Data: 16 } as const;

/** The fast path: one instance parses one line at a time. */
class FastLineParser {
  readonly #nodes: ReadonlyMap<string, TypeSpec<NodeType>>;
  readonly #edges: ReadonlyMap<string, TypeSpec<EdgeType>>;
  readonly #nodeList: readonly TypeSpec<NodeType>[];
  readonly #edgeList: readonly TypeSpec<EdgeType>[];
  #text = '';
  #pos = 0;
  #slots = 0;

  constructor(catalog: Catalog, options: RecordReaderOptions) {
    const minter = new UlidMinter();
    const spec = <T extends NodeType | EdgeType>(type: T) => typeSpec(type, minter, options);
    this.#nodeList = catalog.nodeTypes.map(spec);
    this.#edgeList = catalog.edgeTypes.map(spec);
    this.#nodes = new Map(this.#nodeList.map((node) => [node.type.name, node]));
    this.#edges = new Map(this.#edgeList.map((edge) => [foldEdgeName(edge.type.name), edge]));
  }

  /** The record, or undefined to leave the line to the strict path. */
  parse(text: string, line: number): LoadRecord | undefined {
    // Strings are taken as they are only from well-formed text (always so when decoded).
    if (!isWellFormed(text)) return undefined;
    this.#text = text;
    this.#pos = 0;
    this.#slots = 0;
    try {
      return this.#record(line);
    } catch {
      // A miss, or a value the catalog rejects: the strict path reports it in its own words.
      return undefined;
    } finally {
      this.#text = '';
    }
  }

  #record(line: number): LoadRecord {
    this.#slot();
    this.#expect(Ch.LBrace);
    let seen = 0;
    let node: TypeSpec<NodeType> | undefined;
    let edge: TypeSpec<EdgeType> | undefined;
    let src: string | undefined;
    let dst: string | undefined;
    let parsed: ParsedData | undefined;
    this.#ws();
    if (this.#peek() === Ch.RBrace) miss();
    for (;;) {
      const flag = this.#topLevelKey();
      this.#ws();
      this.#expect(Ch.Colon);
      this.#ws();
      if ((seen & flag) !== 0) miss();
      seen |= flag;
      if (flag !== Seen.Data) this.#slot();
      switch (flag) {
        case Seen.Type:
          node = this.#known(this.#nodeList) ?? this.#nodes.get(this.#plainString());
          break;
        case Seen.Edge:
          edge = this.#known(this.#edgeList) ?? this.#edgeSpec(this.#plainString());
          break;
        case Seen.From:
          src = this.#plainString();
          break;
        case Seen.To:
          dst = this.#plainString();
          break;
        default:
          parsed = this.#data(node ?? edge ?? miss());
      }
      this.#ws();
      const c = this.#next();
      if (c === Ch.RBrace) break;
      if (c !== Ch.Comma) miss();
      this.#ws();
    }
    this.#ws();
    if (this.#pos !== this.#text.length) miss();
    if (node && seen === (seen & (Seen.Type | Seen.Data)))
      return nodeRecord(node, line, parsed ?? emptyData(node));
    if (edge && src !== undefined && dst !== undefined && (seen & Seen.Type) === 0)
      return edgeRecord(edge, line, src, dst, parsed ?? emptyData(edge));
    return miss();
  }

  /**
   * The top-level member name at the cursor, as its flag; anything else leaves the fast path.
   * Its first letters tell which name it can be, checked whole then: trying each name in turn
   * took a fifth of the time of an edge line.
   */
  #topLevelKey(): number {
    const [quoted, flag] = topLevelKeyAt(this.#text, this.#pos) ?? miss();
    if (!this.#text.startsWith(quoted, this.#pos)) miss();
    this.#pos += quoted.length;
    return flag;
  }

  /** The spec whose name is the string at the cursor, spelled exactly; else undefined. */
  #known<T extends NodeType | EdgeType>(specs: readonly TypeSpec<T>[]): TypeSpec<T> | undefined {
    for (const spec of specs) {
      if (this.#text.startsWith(spec.quotedName, this.#pos)) {
        this.#pos += spec.quotedName.length;
        return spec;
      }
    }
    return undefined;
  }

  #edgeSpec(name: string): TypeSpec<EdgeType> | undefined {
    return this.#edges.get(name) ?? this.#edges.get(foldEdgeName(name));
  }

  #data(spec: TypeSpec<NodeType | EdgeType>): ParsedData {
    const values: Cell[] = new Array<Cell>(spec.properties.length).fill(null);
    const given: boolean[] = new Array<boolean>(spec.properties.length).fill(false);
    let id: string | undefined;
    this.#slot();
    this.#expect(Ch.LBrace);
    this.#ws();
    if (this.#peek() === Ch.RBrace) {
      this.#pos += 1;
      return { values, id };
    }
    let expected = 0;
    for (;;) {
      const index = this.#member(spec, expected);
      this.#ws();
      this.#expect(Ch.Colon);
      this.#ws();
      if (index < 0) {
        if (id !== undefined) miss();
        this.#slot();
        id = this.#plainString();
      } else {
        expected = index + 1;
        if (given[index] === true) miss();
        given[index] = true;
        values[index] = this.#value(spec, index);
      }
      this.#ws();
      const c = this.#next();
      if (c === Ch.RBrace) return { values, id };
      if (c !== Ch.Comma) miss();
      this.#ws();
    }
  }

  /**
   * The index of the property named at the cursor, -1 for `id`. Members usually come in
   * declaration order, so the `expected` one is tried in place first.
   */
  #member(spec: TypeSpec<NodeType | EdgeType>, expected: number): number {
    const quoted = spec.quotedProperties[expected];
    if (quoted !== undefined && this.#text.startsWith(quoted, this.#pos)) {
      this.#pos += quoted.length;
      return expected;
    }
    const key = this.#plainString();
    return key === 'id' ? -1 : (spec.byName.get(key) ?? miss());
  }

  /** One property's stored value, converted as `coerceValue` converts it. */
  #value(spec: TypeSpec<NodeType | EdgeType>, index: number): Cell {
    const property = spec.properties[index] ?? miss();
    if (this.#peek() === Ch.LowerN) {
      this.#slot();
      this.#literal('null');
      return null;
    }
    switch (property.kind) {
      case 'string':
        this.#slot();
        return this.#string();
      case 'bool':
        this.#slot();
        return this.#bool();
      case 'i32':
      case 'u32':
        return this.#integer(INTEGER_BOUNDS[property.kind === 'i32' ? 'I32' : 'U32']);
      case 'i64':
        return BigInt(this.#integer(INTEGER_BOUNDS.I64));
      case 'u64':
        return BigInt(this.#integer(INTEGER_BOUNDS.U64));
      case 'f32':
        return this.#f32();
      case 'f64':
        this.#slot();
        return this.#number();
      case 'vector':
        return spec.whole
          ? this.#vector(property.dimension)
          : this.#checkVector(property.dimension);
      case 'other':
        return coerceValue(property.property, spec.type.name, this.#json());
    }
  }

  #integer(bounds: readonly [number, number]): number {
    this.#slot();
    const value = this.#number();
    if (!Number.isInteger(value) || value < bounds[0] || value > bounds[1]) miss();
    // `coerceValue` goes through a bigint, which has no negative zero.
    return value === 0 ? 0 : value;
  }

  #f32(): number {
    this.#slot();
    const value = this.#number();
    if (Math.abs(value) > F32_MAX) miss();
    return value;
  }

  #vector(dimension: number): number[] {
    const plain = this.#plainVectorValues(dimension);
    if (plain !== undefined) return plain;
    this.#slot();
    this.#expect(Ch.LBracket);
    const vector = new Array<number>(dimension);
    for (let i = 0; ; i += 1) {
      this.#ws();
      if (i >= dimension) miss();
      vector[i] = this.#f32();
      this.#ws();
      const c = this.#next();
      if (c === Ch.RBracket) {
        if (i + 1 !== dimension) miss();
        return vector;
      }
      if (c !== Ch.Comma) miss();
    }
  }

  /**
   * True when a vector of the usual shape (see {@link plainVectorPattern}) starts at the cursor,
   * which is then past it.
   */
  #plainVector(dimension: number): boolean {
    const plain = plainVectorPattern(dimension);
    plain.lastIndex = this.#pos;
    if (!plain.test(this.#text)) return false;
    this.#vectorSlots(dimension);
    this.#pos = plain.lastIndex;
    return true;
  }

  /** Counts a vector read whole and each of its elements, as the element by element loops do. */
  #vectorSlots(dimension: number): void {
    this.#slots += dimension + 1;
    if (this.#slots > MAX_SLOTS) miss();
  }

  /**
   * The elements of a vector of the usual shape (see {@link plainVectorPattern}) at the cursor,
   * which is then past it; undefined, the cursor unmoved, for any other shape. Checked and
   * converted in one loop, as `#number` converts: a number of at most 15 digits is its mantissa
   * scaled by an exact power of ten, one correctly rounded operation; a longer one goes through
   * `Number()`. The generic path, a few calls per element, took twice as long.
   */
  #plainVectorValues(dimension: number): number[] | undefined {
    const t = this.#text;
    let i = this.#pos;
    if (t.charCodeAt(i) !== Ch.LBracket || dimension < 1) return undefined;
    const vector = new Array<number>(dimension);
    for (let element = 0; element < dimension; element += 1) {
      const begin = ++i;
      const negative = t.charCodeAt(i) === Ch.Minus;
      if (negative) i += 1;
      scanDecimal(t, i);
      if (!scannedJsonDecimal(t, i) || scanned.integerDigits > MAX_EXACT_DIGITS) return undefined;
      const { mantissa, integerDigits, fractionDigits } = scanned;
      i = scanned.end;
      if (t.charCodeAt(i) !== (element + 1 === dimension ? Ch.RBracket : Ch.Comma))
        return undefined;
      if (integerDigits + fractionDigits <= MAX_EXACT_DIGITS) {
        const scaled = mantissa / (POWERS_OF_TEN[fractionDigits] ?? miss());
        vector[element] = negative ? -scaled : scaled;
      } else {
        vector[element] = Number(t.slice(begin, i));
      }
    }
    this.#vectorSlots(dimension);
    this.#pos = i + 1;
    return vector;
  }

  /** A valid vector, read without keeping its elements. */
  #checkVector(dimension: number): readonly number[] {
    if (this.#plainVector(dimension)) return CHECKED_VECTOR;
    this.#slot();
    this.#expect(Ch.LBracket);
    for (let i = 0; ; i += 1) {
      this.#ws();
      if (i >= dimension) miss();
      this.#checkF32();
      this.#ws();
      const c = this.#next();
      if (c === Ch.RBracket) {
        if (i + 1 !== dimension) miss();
        return CHECKED_VECTOR;
      }
      if (c !== Ch.Comma) miss();
    }
  }

  /**
   * A valid F32 element at the cursor, its value not computed: a number without an exponent
   * and of at most 15 integer digits is always finite and within F32 range; other shapes are
   * read whole.
   */
  #checkF32(): void {
    const t = this.#text;
    const start = this.#pos;
    const digitsStart = t.charCodeAt(start) === Ch.Minus ? start + 1 : start;
    scanDecimal(t, digitsStart);
    if (!scannedJsonDecimal(t, digitsStart)) miss();
    const { end: i, integerDigits } = scanned;
    const c = t.charCodeAt(i);
    if (c === Ch.LowerE || c === Ch.UpperE || integerDigits > MAX_EXACT_DIGITS) {
      this.#pos = start;
      this.#f32();
      return;
    }
    this.#slot();
    this.#pos = i;
  }

  /** Any JSON value without objects, as `parseStrictJson` gives it. */
  #json(): StrictJsonValue {
    this.#slot();
    const c = this.#peek();
    if (c === Ch.Quote) return this.#string();
    if (c === Ch.LowerT || c === Ch.LowerF) return this.#bool();
    if (c === Ch.LowerN) {
      this.#literal('null');
      return null;
    }
    if (c !== Ch.LBracket) return this.#number();
    this.#pos += 1;
    const items: StrictJsonValue[] = [];
    this.#ws();
    if (this.#peek() === Ch.RBracket) {
      this.#pos += 1;
      return items;
    }
    for (;;) {
      this.#ws();
      items.push(this.#json());
      this.#ws();
      const c2 = this.#next();
      if (c2 === Ch.RBracket) return items;
      if (c2 !== Ch.Comma) miss();
    }
  }

  #bool(): boolean {
    if (this.#peek() === Ch.LowerT) {
      this.#literal('true');
      return true;
    }
    this.#literal('false');
    return false;
  }

  #literal(word: string): void {
    if (!this.#text.startsWith(word, this.#pos)) miss();
    this.#pos += word.length;
  }

  /**
   * A JSON number as `parseStrictJson` reads it: a mantissa of at most 15 digits scaled by an
   * exact power of ten is one correctly rounded operation, the same double `Number()` gives;
   * other shapes go through `Number()` as there. An integer of more than 15 digits (exact
   * only as a bigint there) leaves the fast path.
   */
  #number(): number {
    const t = this.#text;
    const start = this.#pos;
    let i = start;
    const negative = t.charCodeAt(i) === Ch.Minus;
    if (negative) i += 1;
    scanDecimal(t, i);
    if (!scannedJsonDecimal(t, i)) miss();
    const { mantissa, integerDigits, fractionDigits } = scanned;
    i = scanned.end;
    let c = t.charCodeAt(i);
    let exact = integerDigits + fractionDigits <= MAX_EXACT_DIGITS;
    let exponent = -fractionDigits;
    if (c === Ch.LowerE || c === Ch.UpperE) {
      c = t.charCodeAt(++i);
      const sign = c === Ch.Minus ? -1 : 1;
      if (c === Ch.Minus || c === Ch.Plus) c = t.charCodeAt(++i);
      const exponentStart = i;
      let written = 0;
      while (c >= Ch.Zero && c <= Ch.Nine) {
        written = written * 10 + (c - Ch.Zero);
        c = t.charCodeAt(++i);
      }
      if (i === exponentStart) miss();
      if (i - exponentStart > 4) exact = false;
      exponent += sign * written;
    } else if (fractionDigits === 0 && integerDigits > MAX_EXACT_DIGITS) {
      miss();
    }
    this.#pos = i;
    if (exact && exponent >= -22 && exponent <= 22) {
      const scaled =
        exponent >= 0
          ? mantissa * (POWERS_OF_TEN[exponent] ?? miss())
          : mantissa / (POWERS_OF_TEN[-exponent] ?? miss());
      return negative ? -scaled : scaled;
    }
    const value = Number(t.slice(start, i));
    if (!Number.isFinite(value)) miss();
    return value;
  }

  /** A string without escapes, as a member name or an identifying value. */
  #plainString(): string {
    const t = this.#text;
    if (t.charCodeAt(this.#pos) !== Ch.Quote) miss();
    const start = this.#pos + 1;
    let i = start;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === Ch.Quote) break;
      if (c === Ch.Backslash || c < 0x20 || Number.isNaN(c)) miss();
      i += 1;
    }
    this.#pos = i + 1;
    return t.slice(start, i);
  }

  /** A string value; escapes are decoded by `JSON.parse`, as the strict parser does. */
  #string(): string {
    const t = this.#text;
    if (t.charCodeAt(this.#pos) !== Ch.Quote) miss();
    const start = this.#pos + 1;
    let i = start;
    let escaped = false;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === Ch.Quote) break;
      if (c === Ch.Backslash) {
        escaped = true;
        i += 2;
        continue;
      }
      if (c < 0x20 || Number.isNaN(c)) miss();
      i += 1;
    }
    this.#pos = i + 1;
    if (!escaped) return t.slice(start, i);
    const decoded = JSON.parse(t.slice(start - 1, i + 1)) as string;
    // An escaped lone surrogate is refused by the strict path, naming the field.
    if (!isWellFormed(decoded)) miss();
    return decoded;
  }

  /** Counts one JSON value toward the strict parser's slot limit. */
  #slot(): void {
    if (++this.#slots > MAX_SLOTS) miss();
  }

  #ws(): void {
    const t = this.#text;
    let c = t.charCodeAt(this.#pos);
    while (c === Ch.Space || c === Ch.Lf || c === Ch.Cr || c === Ch.Tab)
      c = t.charCodeAt(++this.#pos);
  }

  #peek(): number {
    return this.#text.charCodeAt(this.#pos);
  }

  #next(): number {
    return this.#text.charCodeAt(this.#pos++);
  }

  #expect(c: number): void {
    if (this.#text.charCodeAt(this.#pos) !== c) miss();
    this.#pos += 1;
  }
}

/**
 * The decimal part of a number {@link scanDecimal} read last: where it ends, all its digits as
 * one integer, and how many stand before and after the dot (-1 after a dot without digits).
 * Module state rather than a returned object: it is read for every number of a load, tens of
 * millions of times.
 */
const scanned = { end: 0, mantissa: 0, integerDigits: 0, fractionDigits: 0 };

/** Reads the digits of a number at `at` (past its sign), and a dot and the digits after it. */
function scanDecimal(text: string, at: number): void {
  let i = at;
  let mantissa = 0;
  let c = text.charCodeAt(i);
  while (c >= Ch.Zero && c <= Ch.Nine) {
    mantissa = mantissa * 10 + (c - Ch.Zero);
    c = text.charCodeAt(++i);
  }
  scanned.integerDigits = i - at;
  scanned.fractionDigits = 0;
  if (c === Ch.Dot) {
    const fraction = ++i;
    c = text.charCodeAt(i);
    while (c >= Ch.Zero && c <= Ch.Nine) {
      mantissa = mantissa * 10 + (c - Ch.Zero);
      c = text.charCodeAt(++i);
    }
    scanned.fractionDigits = i === fraction ? -1 : i - fraction;
  }
  scanned.end = i;
  scanned.mantissa = mantissa;
}

/**
 * Whether the number {@link scanDecimal} read at `at` is JSON's so far: integer digits without
 * a leading zero, and digits after a dot.
 */
function scannedJsonDecimal(text: string, at: number): boolean {
  const { integerDigits, fractionDigits } = scanned;
  if (integerDigits === 0 || fractionDigits < 0) return false;
  return integerDigits === 1 || text.charCodeAt(at) !== Ch.Zero;
}

/**
 * A JSON number `#checkF32` accepts without computing it: no exponent, at most 15 integer
 * digits, no leading zero.
 */
const PLAIN_ELEMENT = '-?(?:0|[1-9][0-9]{0,14})(?:\\.[0-9]+)?';
const plainVectors = new Map<number, RegExp>();

/**
 * Matches, at its `lastIndex`, a vector of `dimension` plain elements written without spaces,
 * the usual shape: V8 runs it as compiled code, three to four times faster than the
 * validation pass reading it character by character (a fifth of a merge load's parsing).
 */
function plainVectorPattern(dimension: number): RegExp {
  let pattern = plainVectors.get(dimension);
  if (pattern === undefined) {
    // No vector has no element: such a pattern matches nothing, as the loop accepts nothing.
    const elements =
      dimension < 1 ? '(?!)' : `${PLAIN_ELEMENT}(?:,${PLAIN_ELEMENT}){${dimension - 1}}`;
    pattern = new RegExp(`\\[${elements}\\]`, 'y');
    plainVectors.set(dimension, pattern);
  }
  return pattern;
}

/** `String.prototype.isWellFormed` (Node 20), not yet in TypeScript's ES2023 library. */
function isWellFormed(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}

/** A top-level member name of a line, as a JSON string, and its flag. */
type TopLevelKey = readonly [string, number];

const TYPE_KEY: TopLevelKey = ['"type"', Seen.Type];
const EDGE_KEY: TopLevelKey = ['"edge"', Seen.Edge];
const FROM_KEY: TopLevelKey = ['"from"', Seen.From];
const TO_KEY: TopLevelKey = ['"to"', Seen.To];
const DATA_KEY: TopLevelKey = ['"data"', Seen.Data];

/** The only top-level member name that can start at `pos` (at its quote), by its letters. */
function topLevelKeyAt(text: string, pos: number): TopLevelKey | undefined {
  switch (text.charCodeAt(pos + 1)) {
    case Ch.LowerT:
      return text.charCodeAt(pos + 2) === Ch.LowerY ? TYPE_KEY : TO_KEY;
    case Ch.LowerE:
      return EDGE_KEY;
    case Ch.LowerF:
      return FROM_KEY;
    case Ch.LowerD:
      return DATA_KEY;
    default:
      return undefined;
  }
}

/** Property values by index (null where not given), and `data.id`. */
interface ParsedData {
  readonly values: readonly Cell[];
  readonly id: string | undefined;
}

function emptyData(spec: TypeSpec<NodeType | EdgeType>): ParsedData {
  return { values: new Array<Cell>(spec.properties.length).fill(null), id: undefined };
}

/** Adds the property values to `row`, in declaration order. */
function withValues(
  row: Record<string, Cell>,
  spec: TypeSpec<NodeType | EdgeType>,
  data: ParsedData,
): Record<string, Cell> {
  const { properties } = spec;
  for (let index = 0; index < properties.length; index += 1) {
    row[properties[index]?.property.name ?? miss()] = data.values[index] ?? null;
  }
  return row;
}

function nodeRecord(spec: TypeSpec<NodeType>, line: number, data: ParsedData): LoadRecord {
  const { type } = spec;
  const explicit = data.id;
  let id: string;
  const row = withValues(new NodeRow(), spec, data);
  if (type.key) {
    id = keyedNodeId(type, type.key, row);
    if (explicit !== undefined && explicit !== id) miss();
  } else {
    if (explicit !== undefined && explicit.length === 0) miss();
    id = explicit ?? spec.mint();
  }
  row.id = id;
  checkRowConstraints(type, row);
  return new NodeRecord(line, type, id, type.key !== null || explicit !== undefined, row);
}

function edgeRecord(
  spec: TypeSpec<EdgeType>,
  line: number,
  src: string,
  dst: string,
  data: ParsedData,
): LoadRecord {
  const { type } = spec;
  const explicit = data.id;
  if (explicit !== undefined && explicit.length === 0) miss();
  const id = explicit ?? spec.mint();
  const row = withValues(new EdgeRow(id, src, dst), spec, data);
  checkRowConstraints(type, row);
  return new EdgeRecord(line, type, id, explicit !== undefined, src, dst, row);
}

// Records and rows are made by constructors, not object literals: V8 samples the objects of a
// literal's allocation site at each collection, and when two collections fall within one batch
// of a large load, every record of the batch is alive at the second; V8 then allocates all
// later objects of the site in its old generation, where they pile up as garbage between full
// collections. It happened in about half the runs of the 1M-person load (peak RSS 408–430 MB
// against 343–358, and 10% slower); objects made by constructors are not sampled.

/** A node's row: its id, then its properties as `withValues` adds them. */
class NodeRow {
  [column: string]: Cell;

  constructor() {
    this.id = '';
  }
}

/** An edge's row: its id and endpoints, then its properties as `withValues` adds them. */
class EdgeRow {
  [column: string]: Cell;

  constructor(id: string, src: string, dst: string) {
    this.id = id;
    this.src = src;
    this.dst = dst;
  }
}

/** What node and edge records share: see `LoadRecord`. */
class EntityRecord<T extends NodeType | EdgeType> {
  readonly line: number;
  readonly type: T;
  readonly id: string;
  readonly idSupplied: boolean;
  readonly row: Row;

  constructor(line: number, type: T, id: string, idSupplied: boolean, row: Row) {
    this.line = line;
    this.type = type;
    this.id = id;
    this.idSupplied = idSupplied;
    this.row = row;
  }
}

class NodeRecord extends EntityRecord<NodeType> {
  readonly kind = 'node';
}

class EdgeRecord extends EntityRecord<EdgeType> {
  readonly kind = 'edge';
  readonly src: string;
  readonly dst: string;

  constructor(
    line: number,
    type: EdgeType,
    id: string,
    idSupplied: boolean,
    src: string,
    dst: string,
    row: Row,
  ) {
    super(line, type, id, idSupplied, row);
    this.src = src;
    this.dst = dst;
  }
}

import type { EdgeType, NodeType, Property } from '../../compiler/catalog/catalog.js';
import { JSON_CHAR } from '../../util/json-char-codes.js';
import { ID_CHARS, UlidMinter } from '../../util/ulid.js';
import { INTEGER_BOUNDS, MAX_EXACT_DIGITS, POWERS_OF_TEN } from './exact-numbers.js';
import {
  BoolBuilder,
  NumberBuilder,
  TableBuilder,
  Utf8Builder,
  VectorBuilder,
  schemaFromColumns,
  type ColumnBuilder,
  type ColumnSpec,
  type NumberKind,
} from '../lance/index.js';

/**
 * Parses the lines of a bulk load's usual shape from their UTF-8 bytes straight into Arrow
 * column builders: no string is made for a value (text is copied byte for byte, numbers are read
 * from their digits), no row object, no encoding pass. Lines of any other shape, and types this
 * parser does not take (see {@link byteTypePlan}), it leaves to the record reader, which reads
 * them from their decoded text with the strict rules: a line this parser takes gives the row
 * that reader would have given, and a line it is not sure of (an escape, an exponent, a member
 * out of order, any invalid value) it does not take.
 */
export class ByteLineParser {
  readonly #nodes: readonly TypePlan[];
  readonly #edges: readonly TypePlan[];
  readonly #minter = new UlidMinter();
  #b: Buffer = Buffer.alloc(0);
  #p = 0;
  /** Per property of the line's type: 0 absent, 1 null, 2 a value (staged below). */
  readonly #given = new Uint8Array(MAX_PROPERTIES);
  readonly #start = new Int32Array(MAX_PROPERTIES);
  readonly #end = new Int32Array(MAX_PROPERTIES);
  readonly #number = new Float64Array(MAX_PROPERTIES);
  #srcStart = 0;
  #srcEnd = 0;
  #dstStart = 0;
  #dstEnd = 0;

  /** `plans`: the types it takes, each with the builders its rows go to. */
  constructor(plans: readonly TypePlan[]) {
    this.#nodes = plans.filter((plan) => plan.type.kind === 'node');
    this.#edges = plans.filter((plan) => plan.type.kind === 'edge');
  }

  /**
   * Parses the line `bytes[start, end)` (valid UTF-8, without its line end) and, with `append`,
   * appends its row to its type's builders (a load's validation pass only checks it): the plan
   * of its type, or undefined (nothing appended) when the line is not one this parser takes.
   * After a node, {@link keyId} is its key's text; after an edge, {@link src} and {@link dst}
   * are its endpoints.
   */
  parse(bytes: Buffer, start: number, end: number, append = true): TypePlan | undefined {
    this.#b = bytes;
    this.#p = start;
    try {
      const plan = this.#line();
      this.#ws();
      if (this.#p !== end) return undefined;
      this.#checkComplete(plan);
      if (append) this.#append(plan);
      return plan;
    } catch (error) {
      if (error === MISS) return undefined;
      throw error;
    }
  }

  /** The key of the node parsed last, as its id: undefined when its id was minted. */
  keyId(plan: TypePlan): string | undefined {
    const key = plan.key;
    if (key < 0) return undefined;
    return this.#b.toString('utf8', this.#start[key], this.#end[key]);
  }

  /** The source of the edge parsed last: see {@link endpoint}. */
  get src(): string | number {
    return endpoint(this.#b, this.#srcStart, this.#srcEnd);
  }

  /** The target of the edge parsed last: see {@link endpoint}. */
  get dst(): string | number {
    return endpoint(this.#b, this.#dstStart, this.#dstEnd);
  }

  #line(): TypePlan {
    this.#expect(Ch.LBrace);
    this.#ws();
    const keyed = this.#quoted(TYPE) ? this.#nodes : this.#quoted(EDGE) ? this.#edges : miss();
    this.#colon();
    const plan = this.#typeOf(keyed);
    this.#given.fill(0, 0, plan.properties.length);
    if (plan.type.kind === 'edge') {
      this.#comma();
      if (!this.#quoted(FROM)) miss();
      this.#colon();
      this.#srcStart = this.#p + 1;
      this.#srcEnd = this.#plainString();
      this.#comma();
      if (!this.#quoted(TO)) miss();
      this.#colon();
      this.#dstStart = this.#p + 1;
      this.#dstEnd = this.#plainString();
      this.#ws();
      if (this.#b[this.#p] === Ch.RBrace) {
        this.#p += 1;
        return plan;
      }
    }
    this.#comma();
    if (!this.#quoted(DATA)) miss();
    this.#colon();
    this.#data(plan);
    this.#ws();
    this.#expect(Ch.RBrace);
    return plan;
  }

  #typeOf(plans: readonly TypePlan[]): TypePlan {
    for (const plan of plans) if (this.#quoted(plan.name)) return plan;
    return miss();
  }

  #data(plan: TypePlan): void {
    this.#expect(Ch.LBrace);
    this.#ws();
    if (this.#b[this.#p] === Ch.RBrace) {
      this.#p += 1;
      return;
    }
    let expected = 0;
    for (;;) {
      const index = this.#member(plan, expected);
      if (this.#given[index] !== 0) miss();
      this.#colon();
      this.#value(plan.properties[index] as PropertyPlan, index);
      expected = index + 1;
      this.#ws();
      const c = this.#b[this.#p++];
      if (c === Ch.RBrace) return;
      if (c !== Ch.Comma) miss();
      this.#ws();
    }
  }

  /** The index of the property named at the cursor; members usually come in order. */
  #member(plan: TypePlan, expected: number): number {
    const next = plan.properties[expected];
    if (next !== undefined && this.#quoted(next.name)) return expected;
    for (let index = 0; index < plan.properties.length; index += 1) {
      if (this.#quoted((plan.properties[index] as PropertyPlan).name)) return index;
    }
    return miss();
  }

  #value(property: PropertyPlan, index: number): void {
    const b = this.#b;
    if (b[this.#p] === Ch.LowerN) {
      if (!property.nullable || !this.#word(NULL)) miss();
      this.#given[index] = 1;
      return;
    }
    switch (property.kind) {
      case 'string':
        this.#start[index] = this.#p + 1;
        this.#end[index] = this.#plainString();
        break;
      case 'bool':
        this.#number[index] = this.#word(TRUE) ? 1 : this.#word(FALSE) ? 0 : miss();
        break;
      case 'integer':
        this.#start[index] = this.#p;
        this.#number[index] = this.#integer(property);
        this.#end[index] = this.#p;
        break;
      case 'float':
        this.#number[index] = this.#decimal();
        break;
      case 'vector':
        this.#vector(property.column);
        break;
    }
    this.#given[index] = 2;
  }

  /**
   * A JSON string without escapes: where its text ends (it starts after the quote at the
   * cursor). Not a pair: a string value is read per edge endpoint, millions of times.
   */
  #plainString(): number {
    const b = this.#b;
    if (b[this.#p] !== Ch.Quote) miss();
    let c = b[++this.#p];
    while (c !== Ch.Quote) {
      // An escape, a control character, or the end of the input.
      if (c === Ch.Backslash || c === undefined || c < 0x20) miss();
      c = b[++this.#p];
    }
    this.#p += 1;
    return this.#p - 1;
  }

  /**
   * An integer as JSON writes it, of at most 15 digits (exact as a double) and within the
   * property's bounds; `-0`, a fraction or an exponent (whose integer `coerceValue` also takes)
   * is left to the record reader, as is any other spelling a key's text would not be.
   */
  #integer(property: { readonly min: number; readonly max: number }): number {
    const b = this.#b;
    const negative = b[this.#p] === Ch.Minus;
    if (negative) this.#p += 1;
    const digits = this.#p;
    const value = this.#digits(0);
    const c = b[this.#p];
    const count = this.#p - digits;
    if (count === 0 || count > MAX_EXACT_DIGITS || (count > 1 && b[digits] === Ch.Zero)) miss();
    if (c === Ch.Dot || c === Ch.LowerE || c === Ch.UpperE) miss();
    if (negative && value === 0) miss();
    const signed = negative ? -value : value;
    if (signed < property.min || signed > property.max) miss();
    return signed;
  }

  /** `value` followed by the digits at the cursor, as one integer; the cursor is then past them. */
  #digits(value: number): number {
    const b = this.#b;
    let result = value;
    let c = b[this.#p] ?? 0;
    while (c >= Ch.Zero && c <= Ch.Nine) {
      result = result * 10 + (c - Ch.Zero);
      c = b[++this.#p] ?? 0;
    }
    return result;
  }

  /**
   * A number without an exponent, of at most 15 digits: its digits as one integer divided by an
   * exact power of ten, one correctly rounded operation, as `Number()` reads it.
   */
  #decimal(): number {
    const b = this.#b;
    const negative = b[this.#p] === Ch.Minus;
    if (negative) this.#p += 1;
    const digits = this.#p;
    let mantissa = this.#digits(0);
    const integerDigits = this.#p - digits;
    if (integerDigits === 0 || (integerDigits > 1 && b[digits] === Ch.Zero)) miss();
    let fractionDigits = 0;
    if (b[this.#p] === Ch.Dot) {
      const fraction = ++this.#p;
      mantissa = this.#digits(mantissa);
      fractionDigits = this.#p - fraction;
      if (fractionDigits === 0) miss();
    }
    const c = b[this.#p];
    if (c === Ch.LowerE || c === Ch.UpperE) miss();
    if (integerDigits + fractionDigits > MAX_EXACT_DIGITS) miss();
    const value = mantissa / (POWERS_OF_TEN[fractionDigits] as number);
    return negative ? -value : value;
  }

  /** A vector of exactly the builder's dimension, written at the builder's next place. */
  #vector(builder: VectorBuilder): void {
    const dimension = builder.dimension;
    this.#expect(Ch.LBracket);
    const at = builder.next();
    const values = builder.values;
    for (let element = 0; element < dimension; element += 1) {
      this.#ws();
      values[at + element] = this.#decimal();
      this.#ws();
      if (this.#b[this.#p++] !== (element + 1 === dimension ? Ch.RBracket : Ch.Comma)) miss();
    }
  }

  /** Leaves a line that misses a property that cannot be null to the record reader. */
  #checkComplete(plan: TypePlan): void {
    const { properties } = plan;
    if (plan.key >= 0 && this.#given[plan.key] !== 2) miss();
    for (let index = 0; index < properties.length; index += 1)
      if (this.#given[index] !== 2 && !(properties[index] as PropertyPlan).nullable) miss();
  }

  /** Appends the staged row. */
  #append(plan: TypePlan): void {
    const { properties } = plan;
    const b = this.#b;
    if (plan.key >= 0) {
      plan.id.append(b, this.#start[plan.key] ?? 0, this.#end[plan.key] ?? 0);
    } else {
      // Reserved first: reserving may move the builder's bytes.
      const at = plan.id.reserve(ID_CHARS);
      this.#minter.mintInto(plan.id.bytes, at);
    }
    if (plan.src !== undefined && plan.dst !== undefined) {
      plan.src.append(b, this.#srcStart, this.#srcEnd);
      plan.dst.append(b, this.#dstStart, this.#dstEnd);
    }
    for (let index = 0; index < properties.length; index += 1) {
      const property = properties[index] as PropertyPlan;
      if (this.#given[index] !== 2) {
        property.column.appendNull();
        continue;
      }
      switch (property.kind) {
        case 'string':
          property.column.append(b, this.#start[index] ?? 0, this.#end[index] ?? 0);
          break;
        case 'bool':
          property.column.append(this.#number[index] === 1);
          break;
        case 'integer':
        case 'float':
          property.column.append(this.#number[index] ?? 0);
          break;
        case 'vector':
          property.column.commit();
          break;
      }
    }
  }

  /** Whether the quoted name `quoted` is at the cursor, which is then past it. */
  #quoted(quoted: Uint8Array): boolean {
    return this.#word(quoted);
  }

  #word(word: Uint8Array): boolean {
    const b = this.#b;
    const at = this.#p;
    for (let i = 0; i < word.length; i += 1) if (b[at + i] !== word[i]) return false;
    this.#p = at + word.length;
    return true;
  }

  #colon(): void {
    this.#ws();
    this.#expect(Ch.Colon);
    this.#ws();
  }

  #comma(): void {
    this.#ws();
    this.#expect(Ch.Comma);
    this.#ws();
  }

  #expect(c: number): void {
    if (this.#b[this.#p] !== c) miss();
    this.#p += 1;
  }

  #ws(): void {
    const b = this.#b;
    let c = b[this.#p];
    // No newline: a line holds none.
    while (c === Ch.Space || c === Ch.Tab || c === Ch.Cr) c = b[++this.#p];
  }
}

const Ch = { ...JSON_CHAR, LowerN: 0x6e } as const;

/** Thrown inside the parser to give a line up; never seen outside it. */
const MISS = new Error('not a line the byte parser takes');

function miss(): never {
  throw MISS;
}

const ascii = (text: string): Uint8Array => Buffer.from(text, 'latin1');
const TYPE = ascii('"type"');
const EDGE = ascii('"edge"');
const FROM = ascii('"from"');
const TO = ascii('"to"');
const DATA = ascii('"data"');
const NULL = ascii('null');
const TRUE = ascii('true');
const FALSE = ascii('false');

/** Properties a type may have for this parser: far more than any real type. */
const MAX_PROPERTIES = 256;
/** Digits of the decimal endpoints handed over as numbers (see {@link endpoint}). */
const MAX_DECIMAL_DIGITS = 9;

/**
 * An endpoint as the validator looks it up: the number of a decimal id (digits without a
 * leading zero, the usual key of a node), else its text.
 */
function endpoint(b: Buffer, start: number, end: number): string | number {
  const length = end - start;
  if (length > 0 && length <= MAX_DECIMAL_DIGITS && (length === 1 || b[start] !== Ch.Zero)) {
    let value = 0;
    let i = start;
    for (; i < end; i += 1) {
      const digit = (b[i] ?? 0) - Ch.Zero;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
    }
    if (i === end) return value;
  }
  return b.toString('utf8', start, end);
}

/** What every property plan has. */
interface PlanBase {
  /** The property's name as a JSON string, as bytes. */
  readonly name: Uint8Array;
  readonly nullable: boolean;
}

/** How the parser reads one property's value, and the builder the value goes to. */
type PropertyPlan = PlanBase &
  (
    | { readonly kind: 'string'; readonly column: Utf8Builder }
    | { readonly kind: 'bool'; readonly column: BoolBuilder }
    | { readonly kind: 'float'; readonly column: NumberBuilder }
    /** `min` and `max`: the column type's bounds, within ±2^53. */
    | {
        readonly kind: 'integer';
        readonly column: NumberBuilder;
        readonly min: number;
        readonly max: number;
      }
    | { readonly kind: 'vector'; readonly column: VectorBuilder }
  );

/** A type the parser takes, and the builders of its table. */
export interface TypePlan {
  readonly type: NodeType | EdgeType;
  /** The type's name as a JSON string, as bytes. */
  readonly name: Uint8Array;
  readonly properties: readonly PropertyPlan[];
  readonly table: TableBuilder;
  readonly id: Utf8Builder;
  readonly src: Utf8Builder | undefined;
  readonly dst: Utf8Builder | undefined;
  /** The index of the property whose text is the id (a single key); -1 when ids are minted. */
  readonly key: number;
}

/** The property types {@link INTEGER_BOUNDS} bounds. */
type IntegerScalar = keyof typeof INTEGER_BOUNDS;

const NUMBER_KINDS: Readonly<Record<string, NumberKind>> = {
  I32: 'int32',
  U32: 'uint32',
  I64: 'int64',
  U64: 'uint64',
  F32: 'float32',
  F64: 'float64',
};

/** The property's kind and builder, when its values are ones the parser reads. */
function propertyPlan(property: Property, column: ColumnSpec): PropertyPlan | undefined {
  const { type } = property;
  // Names are matched as bytes, so only plain ASCII ones (schema identifiers always are); a
  // null goes only to a column that takes one (the record reader's encoder reports it).
  if (!/^[\x20-\x7e]*$/.test(property.name) || (property.nullable && !column.nullable))
    return undefined;
  const base = { name: ascii(JSON.stringify(property.name)), nullable: property.nullable };
  if (type.kind === 'vector') {
    if (column.type.kind !== 'fixed_size_list' || column.type.dimension !== type.dimension)
      return undefined;
    return { ...base, kind: 'vector', column: new VectorBuilder(type.dimension) };
  }
  if (type.kind !== 'scalar') return undefined;
  const scalar = type.scalar;
  if (scalar === 'String' && column.type.kind === 'utf8')
    return { ...base, kind: 'string', column: new Utf8Builder() };
  if (scalar === 'Bool' && column.type.kind === 'bool')
    return { ...base, kind: 'bool', column: new BoolBuilder() };
  const kind = NUMBER_KINDS[scalar];
  if (kind === undefined || column.type.kind !== kind) return undefined;
  const bounds = scalar in INTEGER_BOUNDS ? INTEGER_BOUNDS[scalar as IntegerScalar] : undefined;
  if (bounds === undefined) return { ...base, kind: 'float', column: new NumberBuilder(kind) };
  return {
    ...base,
    kind: 'integer',
    min: bounds[0],
    max: bounds[1],
    column: new NumberBuilder(kind),
  };
}

/**
 * The plan of a type whose lines the parser can take, writing the table of `columns`; undefined
 * for a type it leaves to the record reader: one with a constraint checked per row or across
 * rows (`@unique`, `@range`, `@check`, a bounded `@card`), a composite key or a key that is not
 * text or an integer, a property of another kind (enum, list, Date, DateTime, Blob), or a table
 * whose columns are not the type's.
 */
export function byteTypePlan(
  type: NodeType | EdgeType,
  columns: readonly ColumnSpec[],
): TypePlan | undefined {
  if (type.constraints.some((c) => c.kind === 'unique' || c.kind === 'range' || c.kind === 'check'))
    return undefined;
  if (type.kind === 'edge' && (type.cardinality.min > 0 || type.cardinality.max !== null))
    return undefined;
  const properties: PropertyPlan[] = [];
  const builders: ColumnBuilder[] = [];
  const identity = new Map<string, Utf8Builder>();
  for (const column of columns) {
    const property = type.properties.find((p) => p.name === column.name);
    if (property === undefined) {
      const builder = new Utf8Builder();
      if (!IDENTITY[type.kind].includes(column.name) || column.type.kind !== 'utf8')
        return undefined;
      identity.set(column.name, builder);
      builders.push(builder);
      continue;
    }
    const plan = propertyPlan(property, column);
    if (plan === undefined) return undefined;
    builders.push(plan.column);
    properties[type.properties.indexOf(property)] = plan;
  }
  const id = identity.get('id');
  if (
    id === undefined ||
    properties.length !== type.properties.length ||
    properties.includes(undefined as never)
  )
    return undefined;
  const key = keyIndex(type);
  if (key === undefined) return undefined;
  return {
    type,
    name: ascii(JSON.stringify(type.name)),
    properties,
    table: new TableBuilder(schemaFromColumns(columns), builders),
    id,
    src: identity.get('src'),
    dst: identity.get('dst'),
    key,
  };
}

const IDENTITY: Readonly<Record<'node' | 'edge', readonly string[]>> = {
  node: ['id'],
  edge: ['id', 'src', 'dst'],
};

/** The index of the property a node's id is the text of: -1 for minted ids; undefined for others. */
function keyIndex(type: NodeType | EdgeType): number | undefined {
  if (type.kind === 'edge' || type.key === null) return -1;
  if (type.key.length !== 1) return undefined;
  const index = type.properties.findIndex((p) => p.name === type.key?.[0]);
  const property = type.properties[index];
  if (property?.type.kind !== 'scalar') return undefined;
  return ['String', 'I32', 'U32', 'I64', 'U64'].includes(property.type.scalar) ? index : undefined;
}

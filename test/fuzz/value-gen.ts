// Values that fit a property: as JSON for loads and params, and as `.gq` literals.
import { formatStringLiteral } from '../../src/compiler/index.js';
import type { Rng } from './rng.js';
import type { FuzzNode, FuzzProperty, FuzzScalar, FuzzType } from './schema-gen.js';

/** A JSON value; bigint is an exact integer written as a bare number. */
export type Json = null | boolean | number | bigint | string | readonly Json[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: Json;
}

/** JSON text of a value, bigints as bare integers (`JSON.stringify` refuses them). */
export function jsonText(value: Json): string {
  return JSON.stringify(value, (_, v: unknown) =>
    typeof v === 'bigint' ? `\u0000${v}` : v,
  ).replace(/"\\u0000(-?\d+)"/g, '$1');
}

const MS_PER_DAY = 86_400_000;
const INT_BOUNDS: Readonly<Record<'I32' | 'I64' | 'U32' | 'U64', readonly [bigint, bigint]>> = {
  I32: [-(2n ** 31n), 2n ** 31n - 1n],
  I64: [-(2n ** 63n), 2n ** 63n - 1n],
  U32: [0n, 2n ** 32n - 1n],
  U64: [0n, 2n ** 64n - 1n],
};
const STRINGS = [
  '',
  'x',
  'hello world',
  'Ünïcödé',
  '日本語テキスト',
  '🙂 emoji',
  'quote " and \\ backslash',
  'tab\tnew\nline',
  'the of to',
  'fuzzy wuzzy bear',
  'a'.repeat(300),
];

/** `YYYY-MM-DD` of epoch days. */
function dateText(days: number): string {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}

function integer(rng: Rng, scalar: keyof typeof INT_BOUNDS, prop: FuzzProperty, fresh: number) {
  const [typeMin, typeMax] = INT_BOUNDS[scalar];
  const min = prop.range ? BigInt(prop.range.min) : typeMin;
  const max = prop.range ? BigInt(prop.range.max) : typeMax;
  const span = max - min + 1n;
  const pick = prop.unique
    ? BigInt(fresh) % span
    : rng.weighted<() => bigint>([
        [6, () => BigInt(rng.int(0, 100)) % span],
        [2, () => span - 1n],
        [1, () => 0n],
        [1, () => (span * BigInt(rng.int(0, 1000))) / 1000n],
      ])();
  const value = min + pick;
  return Number.isSafeInteger(Number(value)) && rng.chance(0.8) ? Number(value) : value;
}

function float(rng: Rng, scalar: 'F32' | 'F64', prop: FuzzProperty, fresh: number): number {
  if (prop.range) {
    const { min, max } = prop.range;
    return prop.unique ? min + (fresh % (max - min)) + 0.5 : min + rng.float() * (max - min);
  }
  if (prop.unique) return fresh + 0.25;
  const big = scalar === 'F32' ? 3.4e38 : 1.7e308;
  return rng.pick([0, -0, 1.5, -2.25, 1e-7, 123456.789, big, -big, 5e-324, rng.float()]);
}

function scalarValue(
  rng: Rng,
  scalar: FuzzScalar,
  prop: FuzzProperty,
  fresh: number,
  forLoad: boolean,
): Json {
  switch (scalar) {
    case 'String': {
      if (prop.check) return prop.check.make(rng, fresh);
      const text = rng.pick(STRINGS);
      return prop.unique ? `${text}#${fresh}` : text;
    }
    case 'Bool':
      return rng.chance(0.5);
    case 'I32':
    case 'I64':
    case 'U32':
    case 'U64':
      return integer(rng, scalar, prop, fresh);
    case 'F32':
    case 'F64':
      return float(rng, scalar, prop, fresh);
    case 'Date': {
      const days = prop.unique ? fresh : rng.int(-30_000, 60_000);
      return forLoad && rng.chance(0.3) ? days : dateText(days);
    }
    case 'DateTime': {
      const ms = prop.unique ? fresh * 1000 : rng.int(-2e9, 2e9) * 1000 + rng.int(0, 999);
      if (forLoad && rng.chance(0.3)) return ms;
      const iso = new Date(ms).toISOString();
      return rng.pick([iso, iso.replace('Z', '+00:00'), iso.slice(0, 19)]);
    }
    case 'Blob':
      return null;
  }
}

/** A valid value of `prop` (`fresh` keeps `@unique` values apart); null only when nullable. */
export function validValue(rng: Rng, prop: FuzzProperty, fresh: number, forLoad: boolean): Json {
  if (prop.nullable && rng.chance(0.15)) return null;
  const type = prop.type;
  switch (type.kind) {
    case 'scalar':
      return scalarValue(rng, type.scalar, prop, fresh, forLoad);
    case 'enum':
      return prop.unique ? (type.values[fresh % type.values.length] ?? 'z') : rng.pick(type.values);
    case 'list': {
      const item = { ...prop, unique: false, range: undefined, check: undefined };
      return Array.from({ length: rng.int(0, 4) }, () =>
        scalarValue(rng, type.element, item, fresh, forLoad),
      );
    }
    case 'vector':
      return Array.from({ length: type.dimension }, () => rng.pick([0, 1, -1, 0.5, rng.float()]));
  }
}

/** A key value: from a small pool (so upserts and edges meet existing nodes), or fresh. */
function keyPart(rng: Rng, prop: FuzzProperty, fresh: number | undefined): Json {
  const n = fresh ?? rng.int(0, 30);
  if (prop.type.kind !== 'scalar' || !['I32', 'I64', 'U32', 'Date'].includes(prop.type.scalar))
    return `k${n}`;
  return prop.type.scalar === 'Date' ? dateText(n) : n;
}

/** The id of a keyed node from its key values (docs/reference/ndjson.md, Ids). */
function keyId(node: FuzzNode, values: readonly Json[]): string {
  const parts = values.map((v, i) => {
    const prop = node.properties.find((p) => p.name === node.key[i]);
    if (prop?.type.kind === 'scalar' && prop.type.scalar === 'Date' && typeof v === 'string') {
      return String(Date.parse(`${v}T00:00:00Z`) / MS_PER_DAY);
    }
    return typeof v === 'string' ? v : jsonText(v);
  });
  return parts.length === 1 ? (parts[0] ?? '') : JSON.stringify(parts);
}

/** Key values of a node (pool or fresh) with its id; a node without key gets `u<n>`. */
export function nodeKey(
  rng: Rng,
  node: FuzzNode,
  fresh: number | undefined,
): { values: Record<string, Json>; id: string } {
  if (node.key.length === 0) return { values: {}, id: `u${fresh ?? rng.int(0, 30)}` };
  const values: Record<string, Json> = {};
  for (const name of node.key) {
    const prop = node.properties.find((p) => p.name === name);
    if (prop) values[name] = keyPart(rng, prop, fresh);
  }
  return { values, id: keyId(node, Object.values(values)) };
}

// ── params and literals ───────────────────────────────────────────────────────────────────────

/** The `.gq` parameter type of a property (enums are passed as String). */
export function paramType(type: FuzzType): string {
  switch (type.kind) {
    case 'scalar':
      return type.scalar;
    case 'enum':
      return 'String';
    case 'list':
      return `[${type.element}]`;
    case 'vector':
      return `Vector(${type.dimension})`;
  }
}

function scalarOf(type: FuzzType): FuzzScalar | undefined {
  if (type.kind === 'scalar') return type.scalar;
  return type.kind === 'list' ? type.element : undefined;
}

/** A load value as a JSON param: 64-bit integers as strings, dates as ISO text. */
export function paramValue(type: FuzzType, value: Json): Json {
  if (Array.isArray(value)) return value.map((v: Json) => paramValue(type, v));
  const scalar = scalarOf(type);
  if (typeof value === 'bigint') return value.toString();
  if (scalar === 'Date' && typeof value === 'number') return dateText(value);
  if (scalar === 'DateTime' && typeof value === 'number') return new Date(value).toISOString();
  return value;
}

/** A `.gq` literal for a value, or undefined when the language cannot spell it (negatives…). */
export function literal(type: FuzzType, value: Json): string | undefined {
  if (value === null || type.kind === 'vector') return undefined;
  if (Array.isArray(value)) {
    const item: FuzzType = { kind: 'scalar', scalar: scalarOf(type) ?? 'String' };
    const items = value.map((v: Json) => literal(item, v));
    return items.every((i) => i !== undefined) ? `[${items.join(', ')}]` : undefined;
  }
  const scalar = scalarOf(type) ?? 'String';
  if (typeof value === 'string') {
    if (scalar === 'Date') return `date(${formatStringLiteral(value)})`;
    if (scalar === 'DateTime') return `datetime(${formatStringLiteral(value)})`;
    return formatStringLiteral(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (scalar === 'Date' && typeof value === 'number')
    return `date(${formatStringLiteral(dateText(value))})`;
  if (scalar === 'DateTime' && typeof value === 'number')
    return `datetime(${formatStringLiteral(new Date(value).toISOString())})`;
  if (typeof value === 'bigint') return value >= 0n ? value.toString() : undefined;
  if (typeof value !== 'number' || value < 0 || Object.is(value, -0)) return undefined;
  const text = String(value);
  if (/^\d+$/.test(text)) return scalar === 'F32' || scalar === 'F64' ? `${text}.0` : text;
  return /^\d+\.\d+$/.test(text) ? text : undefined;
}

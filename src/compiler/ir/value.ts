import type { ScalarType } from '../catalog/catalog.js';

/**
 * A typed value: a literal of a query or a bound parameter. Never text to be pasted into a
 * filter: the executor builds typed literals from these. `kind` matches the wire `ParamKind`
 * (`string|bool|int|bigint|float|date|datetime|blob|vector|list`) plus `null`.
 */
export type Value =
  | NullValue
  | StringValue
  | BoolValue
  | IntValue
  | BigIntValue
  | FloatValue
  | DateValue
  | DateTimeValue
  | BlobValue
  | VectorValue
  | ListValue;

/** The kind tag of a {@link Value}. */
export type ValueKind = Value['kind'];

/** SQL-style null: never equal to anything. */
export interface NullValue {
  readonly kind: 'null';
}

/** `String` (and enum values). */
export interface StringValue {
  readonly kind: 'string';
  readonly value: string;
}

/** `Bool`. */
export interface BoolValue {
  readonly kind: 'bool';
  readonly value: boolean;
}

/** `I32` / `U32`: fits a JS number exactly. */
export interface IntValue {
  readonly kind: 'int';
  readonly type: 'I32' | 'U32';
  readonly value: number;
}

/** `I64` / `U64`: exact, as a bigint. */
export interface BigIntValue {
  readonly kind: 'bigint';
  readonly type: 'I64' | 'U64';
  readonly value: bigint;
}

/** `F32` / `F64`. */
export interface FloatValue {
  readonly kind: 'float';
  readonly type: 'F32' | 'F64';
  readonly value: number;
}

/** `Date`, as days since 1970-01-01. */
export interface DateValue {
  readonly kind: 'date';
  readonly days: number;
}

/** `DateTime`, as milliseconds since the epoch. */
export interface DateTimeValue {
  readonly kind: 'datetime';
  readonly ms: number;
}

/**
 * `Blob` input: managed bytes given as `base64:<payload>` (`payload` holds the base64 text), or
 * a reference to an external URI.
 */
export interface BlobValue {
  readonly kind: 'blob';
  readonly source: 'base64' | 'uri';
  readonly data: string;
}

/** `Vector(N)`: Float32 components. */
export interface VectorValue {
  readonly kind: 'vector';
  readonly values: readonly number[];
}

/** `[T]`: items of one scalar type (never null, never nested). */
export interface ListValue {
  readonly kind: 'list';
  readonly element: ScalarType;
  readonly items: readonly Value[];
}

/** The one null value. */
export const NULL_VALUE: NullValue = { kind: 'null' };

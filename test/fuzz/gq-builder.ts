// Shared by the read and mutation generators: declared params and operands of `.gq` sources.
import type { Rng } from './rng.js';
import type { FuzzProperty, FuzzType } from './schema-gen.js';
import { literal, paramType, paramValue, type Json } from './value-gen.js';

/** A `.gq` request as the fuzzer sends it. */
export interface GqInput {
  readonly source: string;
  readonly name?: string;
  readonly params?: unknown;
}

/** Collects the parameters a query declares and their JSON values. */
export class ParamSet {
  readonly declared: { name: string; type: string }[] = [];
  readonly values: Record<string, Json> = {};

  constructor(readonly rng: Rng) {}

  /** Declares `$pN` of `type` (nullable when the value is null) and returns its reference. */
  add(type: string, value: Json): string {
    const name = `p${this.declared.length}`;
    this.declared.push({ name, type: value === null ? `${type}?` : type });
    this.values[name] = value;
    return `$${name}`;
  }

  /** A value for `prop` as a literal when the language can spell it (sometimes), else a param. */
  operand(type: FuzzType, value: Json): string {
    const text = this.rng.chance(0.4) ? literal(type, value) : undefined;
    return text ?? this.add(paramType(type), paramValue(type, value));
  }

  /** `query name($p0: T, …)`. */
  header(name: string): string {
    return `query ${name}(${this.declared.map((p) => `$${p.name}: ${p.type}`).join(', ')})`;
  }
}

/** Properties a query may read (Blobs cannot be read). */
export function readable(properties: readonly FuzzProperty[]): FuzzProperty[] {
  return properties.filter((p) => !(p.type.kind === 'scalar' && p.type.scalar === 'Blob'));
}

export function isNumeric(type: FuzzType): boolean {
  return type.kind === 'scalar' && ['I32', 'I64', 'U32', 'U64', 'F32', 'F64'].includes(type.scalar);
}

/** Scalars that order (numbers, strings, dates) and enums. */
export function isOrderable(type: FuzzType): boolean {
  return (type.kind === 'scalar' && type.scalar !== 'Bool') || type.kind === 'enum';
}

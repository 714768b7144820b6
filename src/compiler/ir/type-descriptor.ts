import { assertNever } from '../../util/assert-never.js';
import type { PropertyType, ScalarType } from '../catalog/catalog.js';

/**
 * How a value's type is described to clients (lint `operation.result`, the stored-query
 * catalog's params): `bigint` for I64/U64 (they travel as strings in JS), enums as `string`.
 * `object` is part of the wire vocabulary but no .gq value has it (a bare variable projects its
 * id, a `string`).
 */
export type DescriptorKind =
  | 'string'
  | 'bool'
  | 'int'
  | 'bigint'
  | 'float'
  | 'date'
  | 'datetime'
  | 'blob'
  | 'vector'
  | 'list'
  | 'object';

/** `{kind, nullable, item_kind?, vector_dim?}` in the wire's snake_case. */
export interface TypeDescriptor {
  readonly kind: DescriptorKind;
  readonly nullable: boolean;
  /** The element kind of a `list`. */
  readonly item_kind?: DescriptorKind;
  /** The dimension of a `vector`. */
  readonly vector_dim?: number;
}

const SCALAR_KINDS: Readonly<Record<ScalarType, DescriptorKind>> = {
  String: 'string',
  Blob: 'blob',
  Bool: 'bool',
  I32: 'int',
  U32: 'int',
  I64: 'bigint',
  U64: 'bigint',
  F32: 'float',
  F64: 'float',
  Date: 'date',
  DateTime: 'datetime',
};

/**
 * The descriptor of a value type.
 *
 * @example typeDescriptor({ kind: 'list', element: 'I64' }, true)
 * // { kind: 'list', nullable: true, item_kind: 'bigint' }
 */
export function typeDescriptor(type: PropertyType, nullable: boolean): TypeDescriptor {
  switch (type.kind) {
    case 'scalar':
      return { kind: SCALAR_KINDS[type.scalar], nullable };
    case 'enum':
      return { kind: 'string', nullable };
    case 'list':
      return { kind: 'list', nullable, item_kind: SCALAR_KINDS[type.element] };
    case 'vector':
      return { kind: 'vector', nullable, vector_dim: type.dimension };
    default:
      return assertNever(type, 'property type');
  }
}

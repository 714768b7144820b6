import type { DataType, Field, Schema } from 'apache-arrow';
import { assertNever } from '../../util/assert-never.js';
import { OmniError } from '../../util/omni-error.js';
import { arrow } from './arrow-module.js';
import { ID_COLUMN, type ColumnSpec, type ColumnType, type ScalarKind } from './column-spec.js';

/**
 * Field metadata that makes a column Lance's unenforced primary key. Setting it in the schema a
 * table is created with costs no extra version (`setUnenforcedPrimaryKey` would commit one).
 */
const PRIMARY_KEY_METADATA = 'lance-schema:unenforced-primary-key:position';

/** The Arrow type of one scalar kind. */
export function scalarArrowType(kind: ScalarKind): DataType {
  switch (kind) {
    case 'utf8':
      return new arrow.Utf8();
    case 'bool':
      return new arrow.Bool();
    case 'int32':
      return new arrow.Int32();
    case 'int64':
      return new arrow.Int64();
    case 'uint32':
      return new arrow.Uint32();
    case 'uint64':
      return new arrow.Uint64();
    case 'float32':
      return new arrow.Float32();
    case 'float64':
      return new arrow.Float64();
    case 'date32':
      return new arrow.DateDay();
    case 'date64':
      return new arrow.DateMillisecond();
    case 'large_binary':
      return new arrow.LargeBinary();
    default:
      return assertNever(kind, 'scalar kind');
  }
}

/** The Arrow type of a column type. List and vector elements are nullable, as Lance infers. */
export function columnArrowType(type: ColumnType): DataType {
  if (type.kind === 'list') {
    return new arrow.List(new arrow.Field('item', scalarArrowType(type.element.kind), true));
  }
  if (type.kind === 'fixed_size_list') {
    return new arrow.FixedSizeList(
      type.dimension,
      new arrow.Field('item', new arrow.Float32(), true),
    );
  }
  return scalarArrowType(type.kind);
}

/** The explicit Arrow schema of a table; the `id` column carries the primary-key marker. */
export function schemaFromColumns(columns: readonly ColumnSpec[]): Schema {
  return new arrow.Schema(
    columns.map((column) => {
      const metadata =
        column.name === ID_COLUMN ? new Map([[PRIMARY_KEY_METADATA, '1']]) : undefined;
      return new arrow.Field(column.name, columnArrowType(column.type), column.nullable, metadata);
    }),
  );
}

/**
 * The column specs of an Arrow schema read back from Lance. Throws `internal` for a type this
 * layer never writes: every table is created through {@link schemaFromColumns}.
 */
export function columnsFromSchema(schema: Schema): ColumnSpec[] {
  return schema.fields.map((field) => ({
    name: field.name,
    type: columnTypeOf(field),
    nullable: field.nullable,
  }));
}

function columnTypeOf(field: Field): ColumnType {
  const type = field.type as DataType;
  if (arrow.DataType.isFixedSizeList(type)) {
    if (elementKind(type) === 'float32')
      return { kind: 'fixed_size_list', dimension: type.listSize };
  } else if (arrow.DataType.isList(type)) {
    const kind = elementKind(type);
    if (kind !== undefined) return { kind: 'list', element: { kind } };
  } else {
    const kind = scalarKindOf(type);
    if (kind !== undefined) return { kind };
  }
  const name = arrowTypeName(type);
  throw new OmniError('internal', `column '${field.name}' has unsupported Arrow type ${name}`, {
    details: { column: field.name, arrowType: name },
  });
}

/** Arrow's own name of a type, e.g. `List<Int64>`; every concrete type class defines it. */
export function arrowTypeName(type: DataType): string {
  return (type as { toString(): string }).toString();
}

function elementKind(type: DataType): ScalarKind | undefined {
  const element = type.children[0]?.type as DataType | undefined;
  return element === undefined ? undefined : scalarKindOf(element);
}

/** The scalar kind of an Arrow type, or undefined when it is not one this layer writes. */
export function scalarKindOf(type: DataType): ScalarKind | undefined {
  if (arrow.DataType.isUtf8(type)) return 'utf8';
  if (arrow.DataType.isBool(type)) return 'bool';
  if (arrow.DataType.isInt(type)) {
    if (type.bitWidth === 32) return type.isSigned ? 'int32' : 'uint32';
    if (type.bitWidth === 64) return type.isSigned ? 'int64' : 'uint64';
    return undefined;
  }
  if (arrow.DataType.isFloat(type)) {
    if (type.precision === arrow.Precision.SINGLE) return 'float32';
    if (type.precision === arrow.Precision.DOUBLE) return 'float64';
    return undefined;
  }
  if (arrow.DataType.isDate(type)) {
    return type.unit === arrow.DateUnit.DAY ? 'date32' : 'date64';
  }
  if (arrow.DataType.isLargeBinary(type)) return 'large_binary';
  return undefined;
}

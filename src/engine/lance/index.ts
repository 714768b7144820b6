// The Lance table layer: everything the engine needs from Lance, with its traps handled here.
export {
  CREATED_TABLE_VERSION,
  LanceTables,
  type LanceTablesOptions,
  type VersionInfo,
} from './lance-tables.js';
export type { TableReader, ScanOptions } from './table-reader.js';
export { appendedTail, type TailRequest } from './appended-tail.js';
export type { EdgeEnds, RemovedRows, WrittenRow, WrittenVersion } from './written-version.js';
export {
  CREATED_AT_VERSION,
  ROW_ID_COLUMN,
  ROW_METADATA_COLUMNS,
  UPDATED_AT_VERSION,
} from './table-reader.js';
export type {
  TableWriter,
  WriteOutcome,
  RestoreOutcome,
  OptimizeOutcome,
  WriterOptions,
} from './table-writer.js';
export type { BranchInfo } from './table-branches.js';
export type {
  IndexRequest,
  IndexInfo,
  IndexOutcome,
  VectorDistance,
  VectorIndexMethod,
} from './table-indexes.js';
export { indexName } from './table-indexes.js';
export { type TablePin } from './table-pin.js';
export {
  ID_COLUMN,
  SCALAR_KINDS,
  describeColumnType,
  type ColumnSpec,
  type ColumnType,
  type ScalarKind,
} from './column-spec.js';
export { MAIN_BRANCH, validateBranchName, validateTableName } from './lance-names.js';
export type { Cell, Row } from './row.js';
export {
  where,
  filterColumns,
  filterSql,
  type Filter,
  type FilterValue,
  type DateValue,
  type CompareOp,
} from './filter.js';
export { schemaFromColumns, columnsFromSchema } from './arrow-schema.js';
export {
  BoolBuilder,
  NumberBuilder,
  TableBuilder,
  Utf8Builder,
  VectorBuilder,
  type ColumnBuilder,
  type NumberKind,
} from './column-builders.js';
export { encodeRows } from './row-encoder.js';
export { decodeRows, rowDecoder } from './row-decoder.js';
export { arrowRowEquality, type RowEquality } from './arrow-row-equality.js';
export { decodeColumns, type ColumnarRows } from './column-decoder.js';
export { sharedStringBytes, stringBytes } from './shared-strings.js';
export { eachUtf8, uint64Chunks, utf8Chunks, type Utf8Chunk } from './column-chunks.js';
export {
  DISTANCE_COLUMN,
  SCORE_COLUMN,
  FTS_TOKENIZER,
  type VectorSearchRequest,
  type TextSearchRequest,
  type TextQuery,
  type TextTerm,
} from './table-search.js';
export type { ArrowRows } from './table-reader.js';
export type { ColumnChange } from './table-writer.js';
export { arrow } from './arrow-module.js';

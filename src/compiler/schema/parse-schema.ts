import { runParser, type PeggyParse } from '../common/parse-error.js';
import { DEFAULT_SCHEMA_FILE } from '../catalog/build-catalog.js';
import { SCALAR_TYPES } from '../catalog/catalog.js';
import { parse } from '../generated/schema-parser.js';
import type { SchemaFile } from './schema-ast.js';

/** Options of {@link parseSchema}. */
export interface ParseSchemaOptions {
  /** File name shown in error messages; default `<schema>`. */
  readonly file?: string;
}

/** The words a property type starts with; another word there is reported with the closest. */
const TYPE_NAMES: readonly string[] = [...SCALAR_TYPES, 'Vector', 'enum'];

const parseWithTypeNames: PeggyParse = (input, options) =>
  parse(input, { ...options, typeNames: TYPE_NAMES });

/**
 * Parses `.pg` source into its AST. Throws a `parse_error` OmniError naming the file, line,
 * column and what was expected.
 *
 * @example parseSchema('node Person { name: String @key }').declarations[0]?.kind // 'node'
 */
export function parseSchema(source: string, options: ParseSchemaOptions = {}): SchemaFile {
  const file = options.file ?? DEFAULT_SCHEMA_FILE;
  return runParser(parseWithTypeNames, source, { file }) as SchemaFile;
}

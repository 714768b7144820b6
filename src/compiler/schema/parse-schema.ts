import { runParser } from '../common/parse-error.js';
import { DEFAULT_SCHEMA_FILE } from '../catalog/build-catalog.js';
import { parse } from '../generated/schema-parser.js';
import type { SchemaFile } from './schema-ast.js';

/** Options of {@link parseSchema}. */
export interface ParseSchemaOptions {
  /** File name shown in error messages; default `schema.pg`. */
  readonly file?: string;
}

/**
 * Parses `.pg` source into its AST. Throws a `parse_error` OmniError naming the file, line,
 * column and what was expected.
 *
 * @example parseSchema('node Person { name: String @key }').declarations[0]?.kind // 'node'
 */
export function parseSchema(source: string, options: ParseSchemaOptions = {}): SchemaFile {
  return runParser(parse, source, { file: options.file ?? DEFAULT_SCHEMA_FILE }) as SchemaFile;
}

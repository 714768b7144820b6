import type { Catalog } from '../catalog/catalog.js';
import { buildCatalog, DEFAULT_SCHEMA_FILE } from '../catalog/build-catalog.js';
import { parseSchema } from './parse-schema.js';

/** Options of {@link compileSchema}. */
export interface CompileSchemaOptions {
  /** File name shown in parse and catalog errors; default `<schema>`. */
  readonly file?: string;
  /**
   * The previously accepted catalog, so that unchanged and `@rename_from`-renamed types and
   * properties keep their stable ids. Omit for a new graph.
   */
  readonly previous?: Catalog;
}

/**
 * Compiles `.pg` source to a {@link Catalog}. Throws an OmniError: `parse_error` for syntax,
 * `schema_error` for a broken catalog rule.
 *
 * @example
 * const catalog = compileSchema('node Person { name: String @key }');
 * const next = compileSchema('node Human @rename_from("Person") { name: String @key }', {
 *   previous: catalog,
 * }); // next.nodeTypes[0].id === catalog.nodeTypes[0].id
 */
export function compileSchema(source: string, options: CompileSchemaOptions = {}): Catalog {
  const file = options.file ?? DEFAULT_SCHEMA_FILE;
  const ast = parseSchema(source, { file });
  return buildCatalog(
    ast,
    options.previous === undefined ? { file } : { file, previous: options.previous },
  );
}

import { buildCatalog, parseSchema, type Catalog } from '../../compiler/index.js';
import { readConfigFile } from '../config-files.js';
import { fileDigest } from '../resources/resource-digest.js';
import type { DesiredFile } from './desired-cluster.js';
import { compileStep, fileFailureDiagnostic } from './file-diagnostics.js';
import type { CheckedGraph } from './graph-declarations.js';
import type { CheckContext } from './shape-check.js';

/** A graph's schema file, and its catalog when it compiles. */
export interface LoadedSchema {
  readonly file: DesiredFile;
  /** Absent when the schema does not parse or breaks a catalog rule. */
  readonly catalog?: Catalog;
}

/**
 * Reads and compiles the schema of a graph the way the engine does (parse, then build the
 * catalog): `schema_file_missing`, `schema_parse_error`, `schema_catalog_error`. Undefined when
 * the file cannot be read.
 */
export async function loadGraphSchema(
  context: CheckContext,
  configDir: string,
  graph: CheckedGraph,
): Promise<LoadedSchema | undefined> {
  const read = await readConfigFile(configDir, graph.config.schema, 'schema');
  if (!read.ok) {
    const where = context.yaml.at([...graph.path, 'schema']);
    context.diagnostics.push(
      fileFailureDiagnostic(read.failure, where, {
        missing: 'schema_file_missing',
        content: 'schema_parse_error',
      }),
    );
    return undefined;
  }
  const { path: file, bytes, text: source } = read.file;
  const desired: DesiredFile = { file, bytes, source, digest: fileDigest(bytes) };
  const { diagnostics } = context;
  const ast = compileStep(() => parseSchema(source, { file }), 'parse_error', {
    code: 'schema_parse_error',
    file,
    diagnostics,
  });
  const catalog =
    ast &&
    compileStep(() => buildCatalog(ast, { file }), 'schema_error', {
      code: 'schema_catalog_error',
      file,
      diagnostics,
    });
  return catalog === undefined ? { file: desired } : { file: desired, catalog };
}

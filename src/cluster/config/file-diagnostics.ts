import { OmniError } from '../../util/omni-error.js';
import type { ConfigFileFailure } from '../config-files.js';
import { errorAt, type Diagnostic, type DiagnosticCode } from '../diagnostic.js';

/** The codes a failed read of one kind of file is reported with. */
export interface FileCodes {
  /** The file does not exist or cannot be read. */
  readonly missing: DiagnosticCode;
  /** Its content is broken (here: not UTF-8). */
  readonly content: DiagnosticCode;
}

/**
 * The diagnostic for a file cluster.yaml names but that could not be read. `where` is the
 * position in cluster.yaml that names it; a path leaving the config directory is a mistake in
 * cluster.yaml (`invalid_cluster_yaml`), a byte that is not UTF-8 is reported in the file.
 */
export function fileFailureDiagnostic(
  failure: ConfigFileFailure,
  where: string,
  codes: FileCodes,
): Diagnostic {
  switch (failure.kind) {
    case 'unsafe_path':
      return errorAt('invalid_cluster_yaml', where, failure.message);
    case 'invalid_utf8':
      return errorAt(
        codes.content,
        `${failure.path}:${failure.line}:${failure.column}`,
        failure.message,
      );
    case 'missing':
    case 'unreadable':
    case 'config_dir_missing':
      return errorAt(codes.missing, where, failure.message);
  }
}

/**
 * Where a compiler error is, `file:line:column` (or `file`), from the details every parse,
 * catalog and type error carries; `file` when it names none.
 */
function compilerErrorPath(error: OmniError, file: string): string {
  const details = error.details ?? {};
  const named = typeof details.file === 'string' ? details.file : file;
  const { line, column } = details;
  return typeof line === 'number' && typeof column === 'number'
    ? `${named}:${line}:${column}`
    : named;
}

/**
 * Runs a compiler step. An OmniError with the `expected` code becomes a diagnostic with
 * `report.code` pushed to `report.diagnostics`; anything else is a bug and is thrown.
 */
export function compileStep<T>(
  run: () => T,
  expected: OmniError['code'],
  report: {
    readonly code: DiagnosticCode;
    readonly file: string;
    readonly diagnostics: Diagnostic[];
  },
): T | undefined {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof OmniError) || error.code !== expected) throw error;
    report.diagnostics.push(
      errorAt(report.code, compilerErrorPath(error, report.file), error.message),
    );
    return undefined;
  }
}

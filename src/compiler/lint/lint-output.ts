import type { TypeDescriptor } from '../ir/type-descriptor.js';

/**
 * The JSON shapes of `omnigraph lint` (docs/reference/lint.md), in the wire's snake_case.
 */
export interface QueryLintOutput {
  readonly status: LintStatus;
  readonly schema_source: SchemaSource;
  readonly query_path: string;
  readonly queries_processed: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly results: readonly QueryLintResult[];
  readonly findings: readonly LintFinding[];
}

/** `error` when anything is an error. */
export type LintStatus = 'ok' | 'error';

/** Where the schema came from: a `.pg` file, or a graph. */
export interface SchemaSource {
  readonly kind: 'file' | 'graph';
  readonly path?: string;
  readonly uri?: string;
}

/** The outcome for one query of the file. */
export interface QueryLintResult {
  readonly name: string;
  readonly kind: 'read' | 'mutation';
  readonly status: LintStatus;
  readonly warnings: readonly string[];
  /** The typecheck error, when `status` is `error`. */
  readonly error?: string;
  /** What the query returns, reads and writes, when `status` is `ok`. */
  readonly operation?: OperationDescriptor;
}

/** What a query returns, and which types it reads and writes. */
export interface OperationDescriptor {
  readonly result: readonly ResultField[];
  readonly reads: readonly OperationTypeRef[];
  readonly writes: readonly OperationTypeRef[];
}

/** One returned field. */
export interface ResultField extends TypeDescriptor {
  readonly name: string;
}

/** A node or edge type. */
export interface OperationTypeRef {
  readonly kind: 'node' | 'edge';
  readonly type_name: string;
}

/** Severity of a finding. */
export type LintSeverity = 'error' | 'warning' | 'info';

/** A file-level finding (`Q000` parse error, `L201` unset property, …). */
export interface LintFinding {
  readonly severity: LintSeverity;
  readonly code: string;
  readonly message: string;
  readonly type_name?: string;
  readonly property?: string;
  readonly query_names: readonly string[];
}

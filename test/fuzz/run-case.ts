// Runs one input through the engine or the compiler, within a deadline, and judges the outcome:
// success or a typed OmniError are acceptable; anything else thrown, an `internal` error or a
// hang is a failure.
import {
  bindParams,
  compileQueries,
  compileSchema,
  lintQueries,
  type Catalog,
} from '../../src/compiler/index.js';
import type { Omnigraph } from '../../src/engine/index.js';
import { isOmniError } from '../../src/util/index.js';
import type { BranchOp, FuzzCase } from './fuzz-case.js';

export type FailureClass =
  | 'foreign-error'
  | 'internal'
  | 'hang'
  | 'state-changed'
  | 'bad-result'
  | 'roundtrip'
  | 'corrupt-state'
  | 'crash';

export type Outcome =
  | { readonly status: 'ok'; readonly result: unknown }
  | { readonly status: 'rejected'; readonly code: string; readonly message: string }
  | {
      readonly status: 'failed';
      readonly failure: FailureClass;
      readonly message: string;
      readonly stack?: string;
    };

/** Thrown when an input runs past its deadline. */
class Deadline extends Error {}

/** `promise`, or a {@link Deadline} rejection after `ms`. */
export async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Deadline(`no outcome after ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** The outcome of a thrown value. */
export function judgeError(error: unknown): Exclude<Outcome, { status: 'ok' }> {
  if (error instanceof Deadline)
    return { status: 'failed', failure: 'hang', message: error.message };
  if (isOmniError(error)) {
    return error.code === 'internal'
      ? { status: 'failed', failure: 'internal', message: error.message, ...stackOf(error) }
      : { status: 'rejected', code: error.code, message: error.message };
  }
  const message =
    error instanceof Error
      ? `${error.name}: ${error.message}`
      : `non-Error thrown: ${String(error)}`;
  return { status: 'failed', failure: 'foreign-error', message, ...stackOf(error) };
}

function stackOf(error: unknown): { stack?: string } {
  return error instanceof Error && error.stack !== undefined ? { stack: error.stack } : {};
}

/** What a case runs against: the session's graph and the catalog of its schema. */
export interface CaseTarget {
  readonly graph: Omnigraph;
  readonly catalog: Catalog;
}

/** Runs the compiler on a source: every query compiled and bound, then linted. */
function compileAll(catalog: Catalog, source: string, params: unknown): number {
  let compiled = 0;
  try {
    for (const query of compileQueries(catalog, source)) {
      bindParams(query, params);
      compiled += 1;
    }
  } finally {
    lintQueries({ catalog, source, queryPath: 'fuzz.gq', schemaSource: { kind: 'file' } });
  }
  return compiled;
}

/** Sends the case to the engine (or the compiler) and returns its result. */
export async function execute(target: CaseTarget, c: FuzzCase): Promise<unknown> {
  const { graph } = target;
  switch (c.kind) {
    case 'schema':
      compileSchema(c.source);
      return c.plan ? graph.planSchema({ schema_source: c.source }) : undefined;
    case 'compile':
      return compileAll(target.catalog, c.input.source, c.input.params);
    case 'query': {
      const request = {
        query: c.input.source,
        ...(c.input.name === undefined ? {} : { name: c.input.name }),
        params: c.input.params as Record<string, unknown> | null | undefined,
        ...(c.branch === undefined ? {} : { branch: c.branch }),
        ...(c.snapshot === undefined ? {} : { snapshot: c.snapshot }),
      };
      return c.explain ? graph.explain(request) : graph.query(request);
    }
    case 'mutate':
      return graph.mutate(
        {
          query: c.input.source,
          ...(c.input.name === undefined ? {} : { name: c.input.name }),
          params: c.input.params as Record<string, unknown> | null | undefined,
          ...(c.branch === undefined ? {} : { branch: c.branch }),
        },
        c.ifCommit === undefined ? {} : { ifCommit: c.ifCommit },
      );
    case 'branch':
      return branchOp(graph, c.op);
    case 'load':
      return graph.load({
        data: c.input.data,
        mode: c.input.mode as 'merge',
        ...(c.input.branch === undefined ? {} : { branch: c.input.branch }),
        ...(c.input.from === undefined ? {} : { from: c.input.from }),
      });
  }
}

function branchOp(graph: Omnigraph, op: BranchOp): Promise<unknown> {
  switch (op.op) {
    case 'create':
      return graph.createBranch({ name: op.name, from: op.from });
    case 'delete':
      return graph.deleteBranch(op.name);
    case 'merge':
      return graph.mergeBranch({
        source: op.source,
        target: op.target,
        delete_branch: op.deleteBranch,
      });
  }
}

/** A problem with a successful result, or undefined when it is consistent. */
export function checkResult(c: FuzzCase, result: unknown): string | undefined {
  if (c.kind !== 'query' || c.explain) return undefined;
  const read = result as { rows: readonly object[]; row_count: number; columns: readonly string[] };
  if (read.row_count !== read.rows.length)
    return `row_count ${read.row_count} but ${read.rows.length} rows`;
  const stray = read.rows.find((row) => Object.keys(row).some((k) => !read.columns.includes(k)));
  return stray
    ? `a row has a column not in columns: ${JSON.stringify(Object.keys(stray))}`
    : undefined;
}

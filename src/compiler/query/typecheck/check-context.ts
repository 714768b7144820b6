import type { Catalog } from '../../catalog/catalog.js';
import type { ParamDecl, QueryDecl, SourcePos } from '../ast.js';
import { typeError, type TypeErrorCode } from './type-error.js';

/** What the checks of one query share. */
export interface CheckContext {
  readonly catalog: Catalog;
  readonly query: QueryDecl;
  readonly params: ReadonlyMap<string, ParamDecl>;
  /** Facts collected while checking (the only mutable part). */
  readonly collected: { anonymousCount: number; usesNow: boolean };
}

/** A fresh context for checking `query`. */
export function checkContext(catalog: Catalog, query: QueryDecl): CheckContext {
  return {
    catalog,
    query,
    params: new Map(query.params.map((param) => [param.name, param])),
    collected: { anonymousCount: 0, usesNow: false },
  };
}

/** Throws the type error `code` at `at` of the query being checked. */
export function fail(
  ctx: CheckContext,
  code: TypeErrorCode,
  at: SourcePos,
  message: string,
): never {
  throw typeError(code, { query: ctx.query.name, at }, message);
}

/** The anonymous variable `$_`; every occurrence is a different variable. */
export const ANONYMOUS = '_';

/** A name for one occurrence of `$_` that no source variable can spell. */
export function freshAnonymous(ctx: CheckContext): string {
  ctx.collected.anonymousCount += 1;
  return `_#${ctx.collected.anonymousCount}`;
}

import type { Catalog } from '../../catalog/catalog.js';
import type { ParamDecl, QueryDecl, SourcePos } from '../ast.js';
import { typeError, type TypeErrorCode, type TypeErrorSite } from './type-error.js';

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

/**
 * Throws the type error `code` at `at` of the query being checked; `suggestion` is the known
 * name closest to an unknown one the message names (see `closestName`).
 */
export function fail(
  ctx: CheckContext,
  code: TypeErrorCode,
  at: SourcePos,
  message: string,
  suggestion?: string,
): never {
  throw typeError(siteOf(ctx, at), { code, message, suggestion });
}

/** Where in the query being checked `at` is. */
export function siteOf(ctx: CheckContext, at: SourcePos): TypeErrorSite {
  return { file: ctx.query.file, query: ctx.query.name, at };
}

/** The anonymous variable `$_`; every occurrence is a different variable. */
export const ANONYMOUS = '_';

/** A name for one occurrence of `$_` that no source variable can spell. */
export function freshAnonymous(ctx: CheckContext): string {
  ctx.collected.anonymousCount += 1;
  return `${FRESH_ANONYMOUS_PREFIX}${ctx.collected.anonymousCount}`;
}

/** True for a name the source can spell, i.e. not one made by {@link freshAnonymous}. */
export function isSpellable(name: string): boolean {
  return !name.startsWith(FRESH_ANONYMOUS_PREFIX);
}

const FRESH_ANONYMOUS_PREFIX = '_#';

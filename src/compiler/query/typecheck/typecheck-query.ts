import { assertNever } from '../../../util/assert-never.js';
import type { Catalog } from '../../catalog/catalog.js';
import type { ParamIR, QueryIR, ReadQueryIR } from '../../ir/query-ir.js';
import type { QueryDecl, QueryFile, ReadBody } from '../ast.js';
import { checkContext, type CheckContext } from './check-context.js';
import { checkMatch } from './check-match.js';
import { checkMutations } from './check-mutation.js';
import { checkOrder } from './check-order.js';
import { checkReturn } from './check-return.js';
import { Scope } from './scope.js';

/**
 * Typechecks one parsed query against a catalog and lowers it to IR. Throws a `type_error`
 * OmniError (`type error: Tn: …`, codes in docs/reference/lint.md) at the first problem.
 *
 * @example
 * const [decl] = parseQuery('query q() { match { $p: Person } return { $p.name } }').queries;
 * typecheckQuery(catalog, decl).kind // 'read'
 */
export function typecheckQuery(catalog: Catalog, query: QueryDecl): QueryIR {
  const ctx = checkContext(catalog, query);
  const params: readonly ParamIR[] = query.params.map(({ name, type, nullable }) => ({
    name,
    type,
    nullable,
  }));
  const base = {
    name: query.name,
    params,
    description: query.description,
    instruction: query.instruction,
  };
  switch (query.body.kind) {
    case 'read': {
      const read = checkRead(ctx, query.body);
      return { kind: 'read', ...base, ...read, usesNow: ctx.collected.usesNow };
    }
    case 'mutation': {
      const statements = checkMutations(ctx, query.body);
      return { kind: 'mutation', ...base, statements, usesNow: ctx.collected.usesNow };
    }
    default:
      return assertNever(query.body, 'query body');
  }
}

/** Typechecks every query of a parsed file, in order; throws at the first error. */
export function typecheckQueries(catalog: Catalog, file: QueryFile): QueryIR[] {
  return file.queries.map((query) => typecheckQuery(catalog, query));
}

type ReadParts = Pick<ReadQueryIR, 'match' | 'projections' | 'aggregated' | 'order' | 'limit'>;

function checkRead(ctx: CheckContext, body: ReadBody): ReadParts {
  const scope = new Scope();
  const match = checkMatch(ctx, scope, body.match);
  const returned = checkReturn(ctx, scope, body.returns);
  const order = checkOrder(ctx, scope, body.order, returned, body.limit);
  return { match, ...returned, order, limit: body.limit };
}

import type { Catalog, Property } from './catalog.js';
import { catalogError } from './catalog-error.js';
import type { IdCounter } from './stable-ids.js';
import { withStableIds } from './stable-ids.js';
import { buildProperty, type PropertyOwner } from './build-property.js';
import type { PropertyDecl } from '../schema/schema-ast.js';

/** What every step of the build shares. */
export interface BuildContext {
  readonly file: string;
  readonly counter: IdCounter;
  readonly previous: Catalog | undefined;
}

/**
 * Checks and builds the properties of a type, giving them the ids of `previous` (the same
 * type's properties in the previous catalog) where they match.
 */
export function buildProperties(
  decls: readonly PropertyDecl[],
  owner: PropertyOwner,
  previous: readonly Property[],
  context: BuildContext,
): readonly Property[] {
  const seen = new Set<string>();
  for (const decl of decls) {
    if (seen.has(decl.name)) {
      throw catalogError(
        { file: context.file, location: decl.location },
        `duplicate property: ${owner.typeName}.${decl.name}`,
      );
    }
    seen.add(decl.name);
  }
  return withStableIds(
    decls.map((decl) => buildProperty(decl, owner)),
    previous,
    context.counter,
  );
}

/** The previous catalog's version of the type with stable id `id`, if any. */
export function previousOf<T extends { readonly id: number }>(
  types: readonly T[] | undefined,
  id: number,
): T | undefined {
  return types?.find((type) => type.id === id);
}

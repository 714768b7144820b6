import { closestName } from '../../util/closest-name.js';
import type { Property } from './catalog.js';
import { catalogError } from './catalog-error.js';
import { findProperty } from './catalog-lookup.js';
import { formatPropertyType, isScalarOf } from './property-type.js';
import type { PropertyDecl } from '../schema/schema-ast.js';

/**
 * Checks that every `@embed` names a property of the same type that exists and is a `String`
 * (nullable allowed, list not).
 */
export function checkEmbedSources(
  properties: readonly Property[],
  decls: readonly PropertyDecl[],
  owner: { readonly file: string; readonly typeName: string },
): void {
  for (const property of properties) {
    if (property.embed === null) continue;
    const label = `${owner.typeName}.${property.name}`;
    const site = {
      file: owner.file,
      location: decls.find((decl) => decl.name === property.name)?.location,
    };
    const source = findProperty({ properties }, property.embed.source);
    if (source === undefined) {
      const names = properties.map((candidate) => candidate.name);
      throw catalogError(
        site,
        `@embed on ${label} references unknown property '${property.embed.source}'`,
        closestName(property.embed.source, names),
      );
    }
    if (!isScalarOf(source.type, 'String')) {
      const type = formatPropertyType(source.type, source.nullable);
      throw catalogError(
        site,
        `@embed source ${owner.typeName}.${source.name} must be a String property, found ${type}`,
      );
    }
  }
}

import { closestName } from '../../util/closest-name.js';
import type { Constraint, InterfaceType, NodeType, Property } from './catalog.js';
import { catalogError } from './catalog-error.js';
import type { TypeMetadata } from './annotation-rules.js';
import { buildProperties, previousOf, type BuildContext } from './build-properties.js';
import { buildConstraints } from './build-constraints.js';
import { checkEmbedSources } from './embed-sources.js';
import { tableColumns } from './physical-layout.js';
import { formatPropertyType } from './property-type.js';
import { findProperty } from './catalog-lookup.js';
import type { InterfaceDecl, NameRef, NodeDecl, PropertyDecl } from '../schema/schema-ast.js';

/** An interface as both declared and built. */
export interface BuiltInterface {
  readonly decl: InterfaceDecl;
  readonly type: InterfaceType;
}

/** What the catalog build already knows about a node declaration. */
export interface NodeTypeInputs {
  readonly id: number;
  readonly metadata: TypeMetadata;
  readonly interfaces: readonly BuiltInterface[];
}

/** A property that both the node (or an earlier interface) and an interface declare. */
interface SharedProperty {
  readonly name: string;
  readonly declaredBy: InterfaceType;
  readonly declared: Property;
}

/**
 * Builds one node type: its own properties in declaration order, then the properties of the
 * interfaces it implements that it does not redeclare, then constraints and table layout.
 */
export function buildNodeType(
  decl: NodeDecl,
  inputs: NodeTypeInputs,
  context: BuildContext,
): NodeType {
  const owner = { file: context.file, kind: 'node', typeName: decl.name } as const;
  const implemented = decl.implements.map((ref) =>
    implementedInterface(decl, ref, inputs, context),
  );
  const own = decl.members.filter((member) => member.kind === 'property');
  const { injected, shared } = injectInterfaceProperties(own, implemented);
  const previous = previousOf(context.previous?.nodeTypes, inputs.id)?.properties ?? [];
  const decls = [...own, ...injected];
  const properties = buildProperties(decls, owner, previous, context);
  checkSharedTypes(decl, properties, shared, context);
  checkEmbedSources(properties, decls, owner);
  const constraints = buildConstraints({ ...owner, properties }, decl.members, injected);
  return {
    kind: 'node',
    id: inputs.id,
    name: decl.name,
    implements: implemented.map((entry) => entry.type.name),
    properties,
    constraints,
    key: constraints.find(isKey)?.properties ?? null,
    ...inputs.metadata,
    columns: tableColumns('node', properties, constraints),
  };
}

function isKey(constraint: Constraint): constraint is Extract<Constraint, { kind: 'key' }> {
  return constraint.kind === 'key';
}

function implementedInterface(
  decl: NodeDecl,
  ref: NameRef,
  inputs: NodeTypeInputs,
  context: BuildContext,
): BuiltInterface {
  const site = { file: context.file, location: ref.location };
  const found = inputs.interfaces.find((entry) => entry.type.name === ref.name);
  if (found === undefined) {
    const names = inputs.interfaces.map((entry) => entry.type.name);
    throw catalogError(
      site,
      `node ${decl.name} implements unknown interface '${ref.name}'`,
      closestName(ref.name, names),
    );
  }
  if (decl.implements.filter((other) => other.name === ref.name).length > 1) {
    throw catalogError(site, `node ${decl.name} implements interface '${ref.name}' more than once`);
  }
  return found;
}

/**
 * The interface property declarations the node must take over, and those it already has (from
 * its own body or an earlier interface), whose types must then agree.
 */
function injectInterfaceProperties(
  own: readonly PropertyDecl[],
  implemented: readonly BuiltInterface[],
): { readonly injected: PropertyDecl[]; readonly shared: SharedProperty[] } {
  const present = new Set(own.map((property) => property.name));
  const injected: PropertyDecl[] = [];
  const shared: SharedProperty[] = [];
  for (const { decl, type } of implemented) {
    decl.properties.forEach((property, i) => {
      const declared = type.properties[i];
      if (declared === undefined) return;
      if (present.has(property.name)) {
        shared.push({ name: property.name, declaredBy: type, declared });
      } else {
        present.add(property.name);
        injected.push(property);
      }
    });
  }
  return { injected, shared };
}

function checkSharedTypes(
  decl: NodeDecl,
  properties: readonly Property[],
  shared: readonly SharedProperty[],
  context: BuildContext,
): void {
  for (const { name, declaredBy, declared } of shared) {
    const property = findProperty({ properties }, name);
    if (property === undefined) continue;
    const actual = formatPropertyType(property.type, property.nullable);
    const expected = formatPropertyType(declared.type, declared.nullable);
    if (actual !== expected) {
      throw catalogError(
        { file: context.file, location: decl.location },
        `node ${decl.name} property '${name}' has type ${actual} but interface ${declaredBy.name} declares it as ${expected}`,
      );
    }
  }
}

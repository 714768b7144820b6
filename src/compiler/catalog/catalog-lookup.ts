import type { Catalog, EdgeType, InterfaceType, NodeType, Property } from './catalog.js';

/** The node type named exactly `name`. */
export function findNodeType(catalog: Catalog, name: string): NodeType | undefined {
  return catalog.nodeTypes.find((type) => type.name === name);
}

/**
 * The edge type named `name`, compared case-insensitively: edge names are unique after case
 * folding, so `Knows`, `knows` (the traversal form) and `KNOWS` all find `edge Knows`.
 */
export function findEdgeType(catalog: Catalog, name: string): EdgeType | undefined {
  const folded = foldEdgeName(name);
  return catalog.edgeTypes.find((type) => foldEdgeName(type.name) === folded);
}

/** The interface named exactly `name`. */
export function findInterface(catalog: Catalog, name: string): InterfaceType | undefined {
  return catalog.interfaces.find((type) => type.name === name);
}

/** The property named exactly `name` of a type. */
export function findProperty(
  type: { readonly properties: readonly Property[] },
  name: string,
): Property | undefined {
  return type.properties.find((property) => property.name === name);
}

/** The case-folded form under which edge names must be unique. */
export function foldEdgeName(name: string): string {
  return name.toLowerCase();
}

/**
 * The name a query traverses an edge by: its name with a lowercase initial (`WorksAt` →
 * `worksAt`).
 */
export function edgeTraversalName(edge: { readonly name: string }): string {
  return edge.name.charAt(0).toLowerCase() + edge.name.slice(1);
}

/** The table key of a node or edge type (`node:Person`, `edge:Knows`), as the engine names it. */
export function typeKey(type: NodeType | EdgeType): string {
  return `${type.kind}:${type.name}`;
}

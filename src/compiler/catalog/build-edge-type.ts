import { closestName } from '../../util/closest-name.js';
import type { Cardinality, EdgeType, NodeType } from './catalog.js';
import { catalogError } from './catalog-error.js';
import type { TypeMetadata } from './annotation-rules.js';
import { buildProperties, previousOf, type BuildContext } from './build-properties.js';
import { buildConstraints } from './build-constraints.js';
import { tableColumns } from './physical-layout.js';
import type { CardinalityDecl, EdgeDecl, NameRef } from '../schema/schema-ast.js';

/** What the catalog build already knows about an edge declaration. */
export interface EdgeTypeInputs {
  readonly id: number;
  readonly metadata: TypeMetadata;
  readonly nodeTypes: readonly NodeType[];
}

/** Builds one edge type: endpoints, cardinality, properties, constraints and table layout. */
export function buildEdgeType(
  decl: EdgeDecl,
  inputs: EdgeTypeInputs,
  context: BuildContext,
): EdgeType {
  const owner = { file: context.file, kind: 'edge', typeName: decl.name } as const;
  const from = endpoint(decl, decl.from, 'source', inputs.nodeTypes, context);
  const to = endpoint(decl, decl.to, 'target', inputs.nodeTypes, context);
  const cardinality = buildCardinality(decl.cardinality, context);
  const previous = previousOf(context.previous?.edgeTypes, inputs.id)?.properties ?? [];
  const decls = decl.members.filter((member) => member.kind === 'property');
  const properties = buildProperties(decls, owner, previous, context);
  const constraints = buildConstraints({ ...owner, properties }, decl.members, []);
  return {
    kind: 'edge',
    id: inputs.id,
    name: decl.name,
    from,
    to,
    cardinality,
    properties,
    constraints,
    ...inputs.metadata,
    columns: tableColumns('edge', properties, constraints),
  };
}

function endpoint(
  decl: EdgeDecl,
  ref: NameRef,
  side: 'source' | 'target',
  nodeTypes: readonly NodeType[],
  context: BuildContext,
): string {
  if (!nodeTypes.some((type) => type.name === ref.name)) {
    const names = nodeTypes.map((type) => type.name);
    throw catalogError(
      { file: context.file, location: ref.location },
      `edge ${decl.name} references unknown ${side} type: ${ref.name}`,
      closestName(ref.name, names),
    );
  }
  return ref.name;
}

function buildCardinality(decl: CardinalityDecl | null, context: BuildContext): Cardinality {
  if (decl === null) return { min: 0, max: null };
  const site = { file: context.file, location: decl.location };
  for (const bound of [decl.min, decl.max]) {
    if (bound !== null && bound > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw catalogError(site, `cardinality bound ${bound} is too large`);
    }
  }
  if (decl.max !== null && decl.min > decl.max) {
    throw catalogError(site, `cardinality min (${decl.min}) exceeds max (${decl.max})`);
  }
  return { min: Number(decl.min), max: decl.max === null ? null : Number(decl.max) };
}

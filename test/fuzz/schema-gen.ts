// Generated `.pg` schemas: a model the other generators read (so valid inputs fit the schema
// without asking the engine), and its source text.
import type { Rng } from './rng.js';

export type FuzzScalar =
  'String' | 'Bool' | 'I32' | 'I64' | 'U32' | 'U64' | 'F32' | 'F64' | 'Date' | 'DateTime' | 'Blob';

export type FuzzType =
  | { readonly kind: 'scalar'; readonly scalar: FuzzScalar }
  | { readonly kind: 'list'; readonly element: FuzzScalar }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'vector'; readonly dimension: number };

/** A `@check` pattern and a way to make strings it accepts. */
export interface CheckRule {
  readonly pattern: string;
  readonly make: (rng: Rng, fresh: number) => string;
}

export interface FuzzProperty {
  readonly name: string;
  readonly type: FuzzType;
  readonly nullable: boolean;
  readonly unique: boolean;
  readonly index: boolean;
  readonly range?: { readonly min: number; readonly max: number };
  readonly check?: CheckRule;
}

export interface FuzzNode {
  readonly name: string;
  readonly properties: readonly FuzzProperty[];
  /** Key properties in declaration order; empty when ids are generated. */
  readonly key: readonly string[];
  /** Properties that come from an interface (rendered there, not in the node body). */
  readonly inherited: readonly string[];
  readonly implements?: string;
}

export interface FuzzEdge {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly properties: readonly FuzzProperty[];
  readonly card?: { readonly min: number; readonly max: number | null };
  readonly uniqueEndpoints: boolean;
}

export interface FuzzSchema {
  readonly nodes: readonly FuzzNode[];
  readonly edges: readonly FuzzEdge[];
  readonly source: string;
}

const NODE_NAMES = ['Person', 'Company', 'Doc', 'Tag', 'Event', 'Item', 'Place', 'Team'];
const EDGE_NAMES = ['Knows', 'WorksAt', 'Tagged', 'Links', 'Owns', 'Cites', 'Holds', 'Follows'];
const PROPERTY_NAMES = [
  'name',
  'title',
  'age',
  'score',
  'rank',
  'born',
  'seen',
  'tags',
  'kind',
  'body',
  'note',
  'level',
  'weight',
  'active',
  'vec',
  'code',
  'slug',
  'since',
  'amount',
  'label',
];
const ENUM_VALUES = ['a', 'b', 'c', 'low', 'high', 'x-1', 'Y_2', 'draft'];
const KEY_SCALARS: readonly FuzzScalar[] = [
  'String',
  'String',
  'String',
  'I64',
  'I32',
  'U32',
  'Date',
];
const RANGE_SCALARS: readonly FuzzScalar[] = ['I32', 'I64', 'U32', 'U64', 'F32', 'F64'];

const CHECK_RULES: readonly CheckRule[] = [
  {
    pattern: '^[a-z0-9-]+$',
    make: (rng, fresh) => `${rng.pick(['ab', 'x-y', 'slug', 'z9'])}-${fresh}`,
  },
  { pattern: '^[A-Z]', make: (rng, fresh) => `${rng.pick(['A', 'Q', 'Z'])}x${fresh}` },
  { pattern: '^.{1,24}$', make: (rng, fresh) => `${rng.pick(['é', 'ok', '🙂'])}${fresh}` },
];

/** A property type, weighted towards the common ones. */
function propertyType(rng: Rng): FuzzType {
  return rng.weighted<() => FuzzType>([
    [30, () => ({ kind: 'scalar', scalar: 'String' })],
    [10, () => ({ kind: 'scalar', scalar: 'I32' })],
    [8, () => ({ kind: 'scalar', scalar: 'I64' })],
    [4, () => ({ kind: 'scalar', scalar: 'U32' })],
    [4, () => ({ kind: 'scalar', scalar: 'U64' })],
    [4, () => ({ kind: 'scalar', scalar: 'F32' })],
    [6, () => ({ kind: 'scalar', scalar: 'F64' })],
    [6, () => ({ kind: 'scalar', scalar: 'Bool' })],
    [6, () => ({ kind: 'scalar', scalar: 'Date' })],
    [6, () => ({ kind: 'scalar', scalar: 'DateTime' })],
    [1, () => ({ kind: 'scalar', scalar: 'Blob' })],
    [6, () => ({ kind: 'enum', values: rng.subset(ENUM_VALUES, 4).concat('z') })],
    [6, () => ({ kind: 'list', element: rng.pick<FuzzScalar>(['String', 'I64', 'F64', 'Date']) })],
    [4, () => ({ kind: 'vector', dimension: rng.pick([1, 2, 3, 4, 8]) })],
  ])();
}

function isScalar(type: FuzzType, ...scalars: readonly FuzzScalar[]): boolean {
  return type.kind === 'scalar' && scalars.includes(type.scalar);
}

/** A property with random annotations that its type supports. */
function property(rng: Rng, name: string, type: FuzzType, forceNullable: boolean): FuzzProperty {
  // Blob values cannot be loaded yet: a Blob property stays nullable and unset.
  const nullable = forceNullable || isScalar(type, 'Blob') || rng.chance(0.45);
  const plain = type.kind === 'scalar' && type.scalar !== 'Blob';
  const range =
    type.kind === 'scalar' && RANGE_SCALARS.includes(type.scalar) && rng.chance(0.25)
      ? { min: rng.pick([0, 1, 10]), max: rng.pick([100, 1000, 2_000_000]) }
      : undefined;
  const check = isScalar(type, 'String') && rng.chance(0.2) ? rng.pick(CHECK_RULES) : undefined;
  return {
    name,
    type,
    nullable,
    // Bools and enums have too few values to stay unique.
    unique: plain && !isScalar(type, 'Bool') && rng.chance(0.1),
    index: (plain || type.kind === 'enum' || type.kind === 'vector') && rng.chance(0.15),
    ...(range ? { range } : {}),
    ...(check ? { check } : {}),
  };
}

function keyProperty(rng: Rng, name: string): FuzzProperty {
  return {
    name,
    type: { kind: 'scalar', scalar: rng.pick(KEY_SCALARS) },
    nullable: false,
    unique: false,
    index: false,
  };
}

function nodeType(rng: Rng, name: string, shared: readonly FuzzProperty[]): FuzzNode {
  const names = rng.subset(PROPERTY_NAMES, 5).filter((n) => !shared.some((p) => p.name === n));
  const sharedKey = shared.length > 0;
  const keyed = sharedKey || rng.chance(0.85);
  const composite = !sharedKey && keyed && names.length >= 2 && rng.chance(0.12);
  const own: FuzzProperty[] = names.map((n, i) => {
    if (keyed && !sharedKey && (i === 0 || (composite && i === 1))) return keyProperty(rng, n);
    return property(rng, n, propertyType(rng), false);
  });
  const properties = [...shared, ...own];
  if (properties.length === 0) properties.push(property(rng, 'label', propertyType(rng), true));
  const key = sharedKey
    ? [shared[0]?.name ?? 'name']
    : keyed && own.length > 0
      ? own.slice(0, composite ? 2 : 1).map((p) => p.name)
      : [];
  return {
    name,
    properties,
    key,
    inherited: shared.map((p) => p.name),
    ...(sharedKey ? { implements: 'Named' } : {}),
  };
}

function edgeType(rng: Rng, name: string, nodes: readonly FuzzNode[]): FuzzEdge {
  const names = rng.subset(['since', 'weight', 'note', 'rank'], 2);
  const card = rng.weighted<FuzzEdge['card']>([
    [80, undefined],
    [12, { min: 0, max: rng.pick([1, 2, 3]) }],
    [4, { min: 0, max: null }],
    [4, { min: 1, max: rng.pick([1, 3, null]) }],
  ]);
  return {
    name,
    from: rng.pick(nodes).name,
    to: rng.pick(nodes).name,
    // Edge properties are nullable: edges are often inserted without data.
    properties: names.map((n) => property(rng, n, edgePropertyType(rng), true)),
    ...(card ? { card } : {}),
    uniqueEndpoints: rng.chance(0.1),
  };
}

function edgePropertyType(rng: Rng): FuzzType {
  const type = propertyType(rng);
  return type.kind === 'scalar' && type.scalar === 'Blob'
    ? { kind: 'scalar', scalar: 'String' }
    : type;
}

/** A random valid schema: 1–4 node types, 0–4 edge types, sometimes an interface. */
export function generateSchema(rng: Rng): FuzzSchema {
  const withInterface = rng.chance(0.2);
  const shared = withInterface
    ? [{ ...keyProperty(rng, 'name'), type: { kind: 'scalar', scalar: 'String' } } as const]
    : [];
  const nodeNames = rng.subset(NODE_NAMES, 4);
  if (nodeNames.length === 0) nodeNames.push(rng.pick(NODE_NAMES));
  const nodes = nodeNames.map((name) =>
    nodeType(rng, name, withInterface && rng.chance(0.6) ? shared : []),
  );
  const edges = rng.subset(EDGE_NAMES, 4).map((name) => edgeType(rng, name, nodes));
  return { nodes, edges, source: renderSchema(nodes, edges, withInterface) };
}

// ── rendering ─────────────────────────────────────────────────────────────────────────────────

function formatType(type: FuzzType): string {
  switch (type.kind) {
    case 'scalar':
      return type.scalar;
    case 'list':
      return `[${type.element}]`;
    case 'enum':
      return `enum(${type.values.join(', ')})`;
    case 'vector':
      return `Vector(${type.dimension})`;
  }
}

function renderProperty(p: FuzzProperty, keyed: boolean): string {
  const annotations = [
    keyed ? '@key' : '',
    p.unique ? '@unique' : '',
    p.index ? '@index' : '',
  ].filter(Boolean);
  return `  ${p.name}: ${formatType(p.type)}${p.nullable ? '?' : ''}${annotations.map((a) => ` ${a}`).join('')}`;
}

function renderConstraints(p: FuzzProperty): string[] {
  return [
    p.range ? `  @range(${p.name}, ${p.range.min}..${p.range.max})` : '',
    p.check ? `  @check(${p.name}, "${p.check.pattern}")` : '',
  ].filter(Boolean);
}

function renderNode(node: FuzzNode): string {
  const single = node.key.length === 1 && !node.inherited.includes(node.key[0] ?? '');
  const own = node.properties.filter((p) => !node.inherited.includes(p.name));
  const lines = [
    ...own.map((p) => renderProperty(p, single && p.name === node.key[0])),
    ...node.properties.flatMap(renderConstraints),
    ...(node.key.length > 1 ? [`  @key(${node.key.join(', ')})`] : []),
  ];
  const head = `node ${node.name}${node.implements ? ` implements ${node.implements}` : ''}`;
  return `${head} {\n${lines.join('\n')}\n}`;
}

function renderEdge(edge: FuzzEdge): string {
  const card = edge.card ? ` @card(${edge.card.min}..${edge.card.max ?? ''})` : '';
  const lines = [
    ...edge.properties.map((p) => renderProperty(p, false)),
    ...(edge.uniqueEndpoints ? ['  @unique(src, dst)'] : []),
  ];
  const body = lines.length > 0 ? ` {\n${lines.join('\n')}\n}` : '';
  return `edge ${edge.name}: ${edge.from} -> ${edge.to}${card}${body}`;
}

function renderSchema(
  nodes: readonly FuzzNode[],
  edges: readonly FuzzEdge[],
  withInterface: boolean,
): string {
  const header = withInterface ? ['interface Named {\n  name: String @key\n}'] : [];
  return [...header, ...nodes.map(renderNode), ...edges.map(renderEdge)].join('\n\n') + '\n';
}

// ── lookups ───────────────────────────────────────────────────────────────────────────────────

/** The name a query traverses an edge by (`WorksAt` → `worksAt`). */
export function traversalName(edge: FuzzEdge): string {
  return edge.name.slice(0, 1).toLowerCase() + edge.name.slice(1);
}

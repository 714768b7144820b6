// Read queries: bindings, traversals, filters, negation, text search, projections, aggregates,
// order and limit, built so that they typecheck against the generated schema.
import type { GenContext } from './gen-context.js';
import { isNumeric, isOrderable, ParamSet, readable, type GqInput } from './gq-builder.js';
import { traversalName, type FuzzNode, type FuzzProperty, type FuzzSchema } from './schema-gen.js';
import { validValue, type Json } from './value-gen.js';

interface Bound {
  readonly variable: string;
  readonly node: FuzzNode;
}

/** A value to compare `prop` with: one the graph holds (so filters match), or a new one. */
function comparand(ctx: GenContext, node: FuzzNode, prop: FuzzProperty): Json {
  const held = ctx.model.values(node.name, prop.name);
  if (held.length > 0 && ctx.rng.chance(0.7)) {
    const value = ctx.rng.pick(held);
    // Lists are compared with `contains` on one of their items.
    return prop.type.kind === 'list' ? firstItem(value) : value;
  }
  const fresh = validValue(ctx.rng, { ...prop, nullable: false, unique: false }, 0, false);
  return prop.type.kind === 'list' ? firstItem(fresh) : fresh;
}

function firstItem(list: Json): Json {
  return Array.isArray(list) ? ((list as readonly Json[])[0] ?? null) : null;
}

function filter(ctx: GenContext, params: ParamSet, bound: Bound): string | undefined {
  const { rng } = ctx;
  const props = readable(bound.node.properties).filter((p) => p.type.kind !== 'vector');
  if (props.length === 0) return undefined;
  const prop = rng.pick(props);
  const value = comparand(ctx, bound.node, prop);
  if (value === null) return undefined;
  const left = `${bound.variable}.${prop.name}`;
  if (prop.type.kind === 'list') {
    const element = { kind: 'scalar', scalar: prop.type.element } as const;
    return `${left} contains ${params.operand(element, value)}`;
  }
  const isString = prop.type.kind === 'scalar' && prop.type.scalar === 'String';
  if (isString && typeof value === 'string' && rng.chance(0.4)) {
    const part = value.slice(0, rng.int(0, value.length));
    return `${left} ${rng.pick(['contains', 'starts_with'])} ${params.operand(prop.type, part)}`;
  }
  const ops = isOrderable(prop.type) ? ['=', '!=', '<', '<=', '>', '>='] : ['=', '!='];
  return `${left} ${rng.pick(ops)} ${params.operand(prop.type, value)}`;
}

/** Adds traversals from bound variables; returns the clauses. */
function traversals(ctx: GenContext, bound: Bound[]): string[] {
  const { rng, schema } = ctx;
  const clauses: string[] = [];
  for (let hop = rng.int(0, 2); hop > 0; hop -= 1) {
    const from = rng.pick(bound);
    const forward = schema.edges.filter((e) => e.from === from.node.name);
    const backward = schema.edges.filter((e) => e.to === from.node.name);
    if (forward.length + backward.length === 0) break;
    const isForward = backward.length === 0 || (forward.length > 0 && rng.chance(0.6));
    const edge = rng.pick(isForward ? forward : backward);
    const next: Bound = {
      variable: `$v${bound.length}`,
      node: schemaNode(schema, isForward ? edge.to : edge.from),
    };
    const loop = edge.from === edge.to;
    const name = traversalName(edge);
    const shape = rng.weighted([
      [6, 'plain'],
      [loop ? 2 : 0, 'bounded'],
      [loop ? 1 : 0, 'undirected'],
    ] as const);
    const spelled =
      shape === 'bounded'
        ? `${name}{1,${rng.int(1, 3)}}`
        : shape === 'undirected'
          ? `<${name}>`
          : name;
    clauses.push(
      isForward
        ? `${from.variable} ${spelled} ${next.variable}`
        : `${next.variable} ${spelled} ${from.variable}`,
    );
    bound.push(next);
  }
  return clauses;
}

function schemaNode(schema: FuzzSchema, name: string): FuzzNode {
  return schema.nodes.find((n) => n.name === name) as FuzzNode;
}

function textSearch(ctx: GenContext, params: ParamSet, bound: Bound): string | undefined {
  const texts = bound.node.properties.filter(
    (p) => p.type.kind === 'scalar' && p.type.scalar === 'String',
  );
  if (texts.length === 0) return undefined;
  const prop = ctx.rng.pick(texts);
  const held = ctx.model.values(bound.node.name, prop.name);
  const text = held.length > 0 ? ctx.rng.pick(held) : 'hello';
  const query = typeof text === 'string' ? text : 'hello';
  const q = params.add('String', query.split(/\s+/).slice(0, 2).join(' '));
  const field = `${bound.variable}.${prop.name}`;
  return ctx.rng.pick([
    `search(${field}, ${q})`,
    `fuzzy(${field}, ${q})`,
    `fuzzy(${field}, ${q}, ${ctx.rng.int(0, 3)})`,
    `match_text(${field}, ${q})`,
  ]);
}

interface Projection {
  readonly text: string;
  /** What `order` may name for it (the alias or the expression), if it orders. */
  readonly orderBy?: string;
  readonly aggregate: boolean;
}

function projections(ctx: GenContext, bound: readonly Bound[]): Projection[] {
  const { rng } = ctx;
  const out: Projection[] = [];
  const aggregating = rng.chance(0.25);
  for (let i = rng.int(1, 4); i > 0; i -= 1) {
    const b = rng.pick(bound);
    const props = readable(b.node.properties);
    if (props.length === 0 || rng.chance(0.15)) {
      if (!out.some((p) => p.text === b.variable))
        out.push({ text: b.variable, orderBy: b.variable, aggregate: false });
      continue;
    }
    const prop = rng.pick(props);
    const expr = `${b.variable}.${prop.name}`;
    if (out.some((p) => p.text === expr || p.text.startsWith(`${expr} `))) continue;
    const alias = rng.chance(0.3) ? `c${out.length}` : undefined;
    out.push({
      text: alias ? `${expr} as ${alias}` : expr,
      // Lists and vectors do not order.
      ...(prop.type.kind === 'list' || prop.type.kind === 'vector'
        ? {}
        : { orderBy: alias ?? expr }),
      aggregate: false,
    });
  }
  if (aggregating) out.push(aggregate(ctx, bound, out.length));
  return out;
}

function aggregate(ctx: GenContext, bound: readonly Bound[], index: number): Projection {
  const { rng } = ctx;
  const b = rng.pick(bound);
  const props = readable(b.node.properties);
  const numeric = props.filter((p) => isNumeric(p.type));
  // min and max take numbers and strings.
  const orderable = props.filter(
    (p) => isNumeric(p.type) || (p.type.kind === 'scalar' && p.type.scalar === 'String'),
  );
  const alias = `agg${index}`;
  const call = rng.pick<() => string>([
    () => `count(${b.variable})`,
    () =>
      numeric.length > 0
        ? `${rng.pick(['sum', 'avg'])}(${b.variable}.${rng.pick(numeric).name})`
        : `count(${b.variable})`,
    () =>
      orderable.length > 0
        ? `${rng.pick(['min', 'max'])}(${b.variable}.${rng.pick(orderable).name})`
        : `count(${b.variable})`,
  ])();
  return { text: `${call} as ${alias}`, orderBy: alias, aggregate: true };
}

/** `order { … } limit n`, by projections or (with a vector property) by `nearest`. */
function ordering(
  ctx: GenContext,
  params: ParamSet,
  start: Bound,
  projected: readonly Projection[],
): string {
  const { rng } = ctx;
  const vector = start.node.properties.find((p) => p.type.kind === 'vector');
  const limit = `limit ${rng.int(0, 20)}`;
  if (vector?.type.kind === 'vector' && !projected.some((p) => p.aggregate) && rng.chance(0.4)) {
    const values = Array.from({ length: vector.type.dimension }, () => rng.float() - 0.5);
    return `order { nearest(${start.variable}.${vector.name}, ${params.add(`Vector(${vector.type.dimension})`, values)}) }\n  ${limit}`;
  }
  if (!rng.chance(0.6)) return rng.chance(0.3) ? limit : '';
  const hasAggregate = projected.some((p) => p.aggregate);
  const keys = rng
    .subset(projected, 2)
    .filter(
      (p) => p.orderBy !== undefined && (!hasAggregate || p.aggregate || !p.text.includes(' as ')),
    );
  if (keys.length === 0) return '';
  const order = keys.map((k) => `${k.orderBy ?? ''}${rng.pick(['', ' asc', ' desc'])}`).join(', ');
  return `order { ${order} }${rng.chance(0.5) ? `\n  ${limit}` : ''}`;
}

/** A valid read query over the generated schema. */
export function validRead(ctx: GenContext): GqInput {
  const { rng, schema } = ctx;
  const params = new ParamSet(rng);
  const start: Bound = { variable: '$v0', node: rng.pick(schema.nodes) };
  const bound: Bound[] = [start];
  const clauses: string[] = [];
  const keyed = start.node.key.length === 1 ? start.node.key[0] : undefined;
  const held = ctx.model.nodes(start.node.name);
  const keyProp = start.node.properties.find((p) => p.name === keyed);
  const pinned = keyProp && held.length > 0 && rng.chance(0.3);
  const match = pinned
    ? ` { ${keyProp.name}: ${params.operand(keyProp.type, rng.pick(held).data[keyProp.name] ?? null)} }`
    : '';
  clauses.push(`${start.variable}: ${start.node.name}${match}`);
  clauses.push(...traversals(ctx, bound));
  for (let i = rng.int(0, 2); i > 0; i -= 1) {
    const clause = filter(ctx, params, rng.pick(bound));
    if (clause) clauses.push(clause);
  }
  const out = schema.edges.filter((e) => e.from === start.node.name);
  if (out.length > 0 && rng.chance(0.2))
    clauses.push(`not { ${start.variable} ${traversalName(rng.pick(out))} $_ }`);
  if (rng.chance(0.15)) {
    const search = textSearch(ctx, params, start);
    if (search) clauses.push(search);
  }
  const projected = projections(ctx, bound);
  const tail = ordering(ctx, params, start, projected);
  const body = [
    `  match {\n${clauses.map((c) => `    ${c}`).join('\n')}\n  }`,
    `  return { ${projected.map((p) => p.text).join(', ')} }`,
    ...(tail ? [`  ${tail}`] : []),
  ].join('\n');
  const source = `${params.header('read')} {\n${body}\n}\n`;
  return { source, params: params.values, ...(rng.chance(0.5) ? { name: 'read' } : {}) };
}

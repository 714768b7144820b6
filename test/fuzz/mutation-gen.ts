// Mutations (`insert`, `update`, `delete`) that typecheck and mostly satisfy the constraints.
import type { GenContext } from './gen-context.js';
import { isOrderable, ParamSet, type GqInput } from './gq-builder.js';
import type { FuzzEdge, FuzzNode, FuzzProperty } from './schema-gen.js';
import { nodeKey, paramType, paramValue, validValue, type Json } from './value-gen.js';

/**
 * `insert Node { … }` with every required property; returns the statement and the new id.
 * `override` sets one property to a value through a param, whatever the schema allows.
 */
function insertNode(
  ctx: GenContext,
  params: ParamSet,
  node: FuzzNode,
  override?: { readonly prop: FuzzProperty; readonly value: Json },
) {
  const { rng } = ctx;
  const key = nodeKey(rng, node, rng.chance(0.5) || override ? ctx.fresh() : undefined);
  const parts: string[] = [];
  for (const prop of node.properties) {
    if (prop.name === override?.prop.name) {
      const value = paramValue(prop.type, override.value);
      parts.push(`${prop.name}: ${params.add(paramType(prop.type), value)}`);
    } else if (prop.name in key.values) {
      parts.push(`${prop.name}: ${params.operand(prop.type, key.values[prop.name] ?? null)}`);
    } else if (!(prop.nullable && rng.chance(0.4)) && !isBlob(prop)) {
      const value = validValue(rng, prop, ctx.fresh(), false);
      parts.push(`${prop.name}: ${params.operand(prop.type, value)}`);
    }
  }
  return { statement: `insert ${node.name} { ${parts.join(', ')} }`, id: key.id };
}

function isBlob(prop: FuzzProperty): boolean {
  return prop.type.kind === 'scalar' && prop.type.scalar === 'Blob';
}

function insertEdge(
  ctx: GenContext,
  params: ParamSet,
  edge: FuzzEdge,
  from: string,
  to: string,
): string {
  const parts = [`from: ${params.add('String', from)}`, `to: ${params.add('String', to)}`];
  for (const prop of edge.properties) {
    if (ctx.rng.chance(0.5))
      parts.push(
        `${prop.name}: ${params.operand(prop.type, validValue(ctx.rng, prop, ctx.fresh(), false))}`,
      );
  }
  return `insert ${edge.name} { ${parts.join(', ')} }`;
}

/** An edge of `edge` the cardinality still allows, from `from` (or any known source). */
function edgeEndpoints(ctx: GenContext, edge: FuzzEdge, from?: string) {
  const { rng, model } = ctx;
  const sources = from !== undefined ? [from] : model.nodes(edge.from).map((n) => n.id);
  const targets = model.nodes(edge.to).map((n) => n.id);
  const open = sources.filter(
    (s) => edge.card?.max == null || model.outDegree(edge.name, s) < edge.card.max,
  );
  if (open.length === 0 || targets.length === 0) return undefined;
  return { from: rng.pick(open), to: rng.pick(targets) };
}

/** `where <prop> <op> <value>`: by key (an existing node) or by another property. */
function where(ctx: GenContext, params: ParamSet, node: FuzzNode): string {
  const { rng, model } = ctx;
  const nodes = model.nodes(node.name);
  const keyName = node.key.length === 1 ? node.key[0] : undefined;
  const target = nodes.length > 0 ? rng.pick(nodes) : undefined;
  if (keyName !== undefined && target && rng.chance(0.7)) {
    const prop = node.properties.find((p) => p.name === keyName) as FuzzProperty;
    return `where ${keyName} = ${params.operand(prop.type, target.data[keyName] ?? null)}`;
  }
  const props = node.properties.filter(
    (p) => (p.type.kind === 'scalar' && p.type.scalar !== 'Blob') || p.type.kind === 'enum',
  );
  const prop = rng.pick(props.length > 0 ? props : node.properties);
  const held = model.values(node.name, prop.name);
  const value =
    held.length > 0 ? rng.pick(held) : validValue(rng, { ...prop, nullable: false }, 0, false);
  const op = isOrderable(prop.type) ? rng.pick(['=', '=', '!=', '<', '<=', '>', '>=']) : '=';
  return `where ${prop.name} ${op} ${params.operand(prop.type, value)}`;
}

function update(ctx: GenContext, params: ParamSet, node: FuzzNode): string | undefined {
  const { rng } = ctx;
  const settable = node.properties.filter(
    (p) => !node.key.includes(p.name) && !(p.type.kind === 'scalar' && p.type.scalar === 'Blob'),
  );
  if (settable.length === 0) return undefined;
  const chosen = rng.subset(settable, 3);
  if (chosen.length === 0) chosen.push(rng.pick(settable));
  const set = chosen.map(
    (p) => `${p.name}: ${params.operand(p.type, validValue(rng, p, ctx.fresh(), false))}`,
  );
  return `update ${node.name} set { ${set.join(', ')} } ${where(ctx, params, node)}`;
}

function deleteEdge(ctx: GenContext, params: ParamSet, edge: FuzzEdge): string | undefined {
  const held = ctx.model.edges(edge.name);
  // Sources of an edge with `@card(1..)` would be left short of edges.
  if (held.length === 0 || (edge.card?.min ?? 0) > 0) return undefined;
  const target = ctx.rng.pick(held);
  const side = ctx.rng.pick(['from', 'to'] as const);
  return `delete ${edge.name} where ${side} = ${params.add('String', target[side])}`;
}

/** Statements of one kind: inserts (nodes, edges, a node with its required edges) or updates or deletes. */
function statements(ctx: GenContext, params: ParamSet): string[] {
  const { rng, schema } = ctx;
  const node = rng.pick(schema.nodes);
  const edge = schema.edges.length > 0 ? rng.pick(schema.edges) : undefined;
  const kind = rng.weighted([
    [5, 'insert-node'],
    [edge ? 3 : 0, 'insert-edge'],
    [4, 'update'],
    [2, 'delete-node'],
    [edge ? 2 : 0, 'delete-edge'],
  ] as const);
  switch (kind) {
    case 'insert-node': {
      const { statement, id } = insertNode(ctx, params, node);
      const required = schema.edges.filter((e) => e.from === node.name && (e.card?.min ?? 0) > 0);
      const edges = required.flatMap((e) => {
        const ends = edgeEndpoints(ctx, e, id);
        return ends ? [insertEdge(ctx, params, e, ends.from, ends.to)] : [];
      });
      return [statement, ...edges];
    }
    case 'insert-edge': {
      const ends = edge && edgeEndpoints(ctx, edge);
      return edge && ends ? [insertEdge(ctx, params, edge, ends.from, ends.to)] : [];
    }
    case 'update': {
      const statement = update(ctx, params, node);
      return statement ? [statement] : [];
    }
    case 'delete-node':
      return [`delete ${node.name} ${where(ctx, params, node)}`];
    case 'delete-edge': {
      const statement = edge && deleteEdge(ctx, params, edge);
      return statement ? [statement] : [];
    }
  }
}

/** A valid mutation; `undefined` when the graph offers nothing to build one from. */
export function validMutation(ctx: GenContext): GqInput | undefined {
  const params = new ParamSet(ctx.rng);
  const body = statements(ctx, params);
  if (body.length === 0) return undefined;
  const source = `${params.header('change')} {\n${body.map((s) => `  ${s}`).join('\n')}\n}\n`;
  return { source, params: params.values, ...(ctx.rng.chance(0.5) ? { name: 'change' } : {}) };
}

/** A mutation that breaks one rule on purpose (constraint, endpoint, statement mix, key…). */
export function ruleBreakingMutation(ctx: GenContext): { input: GqInput; what: string } {
  const { rng, schema } = ctx;
  const params = new ParamSet(rng);
  const node = rng.pick(schema.nodes);
  const edge = schema.edges.length > 0 ? rng.pick(schema.edges) : undefined;
  const withProp = (pick: (p: FuzzProperty) => boolean) => node.properties.find(pick);
  const ranged = withProp((p) => p.range !== undefined);
  const checked = withProp((p) => p.check !== undefined);
  const enumerated = withProp((p) => p.type.kind === 'enum');
  const required = withProp((p) => !p.nullable && !node.key.includes(p.name));
  const anyId = (type: string) => ctx.model.nodes(type)[0]?.id ?? 'k0';
  const breaking: [string, () => string | undefined][] = [
    ['range', () => ranged && insertWith(ctx, params, node, ranged, (ranged.range?.max ?? 0) + 1)],
    ['check', () => checked && insertWith(ctx, params, node, checked, 'NOT valid!')],
    ['enum', () => enumerated && insertWith(ctx, params, node, enumerated, 'nope')],
    ['null-required', () => required && insertWith(ctx, params, node, required, null)],
    [
      'missing-required',
      () =>
        required && insertNode(ctx, params, node).statement.replace(`${required.name}: `, 'zz: '),
    ],
    [
      'mixed',
      () =>
        `${insertNode(ctx, params, node).statement}\n  delete ${node.name} ${where(ctx, params, node)}`,
    ],
    [
      'update-key',
      () => {
        const key = node.properties.find((p) => p.name === node.key[0]);
        return (
          key &&
          `update ${node.name} set { ${key.name}: ${params.add(paramType(key.type), 'k1')} } ${where(ctx, params, node)}`
        );
      },
    ],
    [
      'update-edge',
      () =>
        edge && `update ${edge.name} set { from: ${params.add('String', 'k1')} } where to = "k2"`,
    ],
    [
      'twice',
      () => {
        const { statement } = insertNode(ctx, params, node);
        const first = /\{ (\w+): ([^,}]+)/.exec(statement);
        return first ? statement.replace(' }', `, ${first[1]}: ${first[2]} }`) : undefined;
      },
    ],
    [
      'dangling-endpoint',
      () =>
        edge &&
        insertEdge(
          ctx,
          params,
          edge,
          rng.pick([`nope${ctx.fresh()}`, '', '\uD800']),
          anyId(edge.to),
        ),
    ],
    [
      'card-overflow',
      () =>
        edge &&
        Array.from({ length: (edge.card?.max ?? 1) + 1 }, () =>
          insertEdge(ctx, params, edge, anyId(edge.from), anyId(edge.to)),
        ).join('\n  '),
    ],
    [
      'unique-twice',
      () => {
        const unique = withProp((p) => p.unique);
        if (!unique) return undefined;
        const value = validValue(rng, { ...unique, nullable: false }, ctx.fresh(), false);
        return [0, 1].map(() => insertWith(ctx, params, node, unique, value)).join('\n  ');
      },
    ],
  ];
  const [what, make] = rng.pick(breaking);
  const body = make() ?? insertNode(ctx, params, node).statement;
  const source = `${params.header('change')} {\n  ${body}\n}\n`;
  return { input: { source, params: params.values }, what: `rule:${what}` };
}

/** An insert of a fresh node of `node` with `prop` set to `value`. */
function insertWith(
  ctx: GenContext,
  params: ParamSet,
  node: FuzzNode,
  prop: FuzzProperty,
  value: Json,
): string {
  return insertNode(ctx, params, node, { prop, value }).statement;
}

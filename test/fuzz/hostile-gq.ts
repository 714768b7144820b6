// Hostile `.gq` requests, made from valid ones: text edits, renamed identifiers, hostile params,
// huge sources, and mutations that break a constraint on purpose.
import type { GenContext } from './gen-context.js';
import type { GqInput } from './gq-builder.js';
import { hostileValue, mutateText } from './mutators.js';
import { traversalName, type FuzzNode, type FuzzProperty } from './schema-gen.js';

/** Spellings of a name that the schema does not declare, or that mean something else. */
function renamed(ctx: GenContext, name: string): string {
  const { rng } = ctx;
  return rng.pick<() => string>([
    () => name.slice(0, -1),
    () => name.toUpperCase(),
    () => name.toLowerCase(),
    () => `${name}${name}`,
    () => name.replace(/[aeo]/, (c) => ({ a: 'а', e: 'е', o: 'о' })[c] ?? c),
    () => rng.pick(['match', 'return', 'insert', 'where', 'from', 'to', 'id', 'not', 'limit']),
    () => rng.pick(['_rowid', '__proto__', 'constructor', 'src', 'dst', '__nanograph_now']),
    () =>
      'n'.repeat(
        rng.weighted([
          [6, 256],
          [1, 5_000],
          [1, 100_000],
        ]),
      ),
  ])();
}

function schemaNames(ctx: GenContext): string[] {
  const { schema } = ctx;
  return [
    ...schema.nodes.flatMap((n) => [n.name, ...n.properties.map((p) => p.name)]),
    ...schema.edges.flatMap((e) => [e.name, traversalName(e), ...e.properties.map((p) => p.name)]),
  ];
}

/** Replaces one occurrence of a schema or parameter name in `source`. */
function renameOne(ctx: GenContext, source: string): string {
  const { rng } = ctx;
  const names = [...schemaNames(ctx), 'p0', 'p1', 'v0', 'v1'].filter((n) =>
    new RegExp(`\\b${n}\\b`).test(source),
  );
  if (names.length === 0) return source;
  const name = rng.pick(names);
  const matches = [...source.matchAll(new RegExp(`\\b${name}\\b`, 'g'))];
  const at = rng.pick(matches).index;
  return source.slice(0, at) + renamed(ctx, name) + source.slice(at + name.length);
}

function hostileParams(ctx: GenContext, params: unknown): unknown {
  const { rng } = ctx;
  const object = { ...(params as Record<string, unknown>) };
  const names = Object.keys(object);
  return rng.pick<() => unknown>([
    () => {
      const dropped = names.length > 0 ? rng.pick(names) : '';
      return Object.fromEntries(Object.entries(object).filter(([name]) => name !== dropped));
    },
    () => ({ ...object, [names.length > 0 ? rng.pick(names) : 'p0']: null }),
    () => ({ ...object, [names.length > 0 ? rng.pick(names) : 'p0']: hostileValue(rng) }),
    () => ({ ...object, [rng.pick(['zz', '', '$p0', 'a b', 'constructor'])]: hostileValue(rng) }),
    () => Object.assign(JSON.parse('{"__proto__":{"p0":1}}') as object, object),
    () => rng.pick<unknown>([[], 'x', 5, true, [object]]),
  ])();
}

/** A source of `n` repeated clauses or statements: size, not shape, is the attack. */
function hugeSource(ctx: GenContext, node: FuzzNode): string {
  const { rng } = ctx;
  const n = rng.pick([200, 200, 200, 2000]);
  const prop = node.properties[0] as FuzzProperty;
  return rng.pick<() => string>([
    () =>
      `query q() { match { $a: ${node.name}\n${`  $a.${prop.name} = $a.${prop.name}\n`.repeat(n)} } return { $a } }`,
    () =>
      `query q() { match { ${Array.from({ length: n }, (_, i) => `$a${i}: ${node.name}`).join('\n')} } return { count($a0) as c } }`,
    () =>
      Array.from(
        { length: n },
        (_, i) => `query q${i}() { match { $a: ${node.name} } return { $a } }`,
      ).join('\n'),
    () => `query q() { ${`delete ${node.name} where ${prop.name} = "x"\n`.repeat(n)} }`,
    () =>
      `query q(${Array.from({ length: n }, (_, i) => `$p${i}: String`).join(', ')}) { match { $a: ${node.name} } return { $a } }`,
  ])();
}

/** A hostile variant of a valid request, and what was done to it. */
export function hostileGq(ctx: GenContext, base: GqInput): { input: GqInput; what: string } {
  const { rng } = ctx;
  const how = rng.weighted([
    [4, 'text'],
    [3, 'rename'],
    [4, 'params'],
    [1, 'huge'],
    [1, 'name'],
  ] as const);
  switch (how) {
    case 'text': {
      const { text, edits } = mutateText(rng, base.source);
      return { input: { ...base, source: text }, what: `text:${edits.join('+')}` };
    }
    case 'rename':
      return { input: { ...base, source: renameOne(ctx, base.source) }, what: 'rename' };
    case 'params':
      return { input: { ...base, params: hostileParams(ctx, base.params) }, what: 'params' };
    case 'huge':
      return { input: { source: hugeSource(ctx, rng.pick(ctx.schema.nodes)) }, what: 'huge' };
    case 'name':
      return {
        input: { ...base, name: rng.pick(['nope', '', 'read ', '__proto__', 'change']) },
        what: 'name',
      };
  }
}

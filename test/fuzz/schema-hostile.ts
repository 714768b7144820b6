// Hostile `.pg` sources: a valid schema with one broken declaration added, or edited as text.
import type { GenContext } from './gen-context.js';
import { mutateText, nested } from './mutators.js';

/** Declarations that break a catalog rule, or sit at a limit, given an existing type `t`. */
function brokenDeclarations(t: string): readonly string[] {
  return [
    `node ${t} { x: String }`,
    `node Z { id: String }`,
    `node Z { src: String }`,
    `node Z { _rowid: I64 }`,
    `edge E: Nope -> ${t}`,
    `node Z { a: String? @key }`,
    `node Z { a: String @key\n b: I32 @key }`,
    `node Z { a: String\n @range(a, 0..1) }`,
    `node Z { a: I32\n @range(a, 5..1) }`,
    `node Z { a: I32\n @range(a, -99999999999999999999..99999999999999999999) }`,
    `node Z { a: F64\n @range(a, 0.5..) }`,
    `node Z { a: String\n @check(a, "[") }`,
    `node Z { a: String\n @check(a, "(a+)+$") }`,
    `node Z { a: String\n @check(a, "(?<=x)y") }`,
    `node Z { a: String\n @check(a, "\\\\p{L}+") }`,
    `node Z { a: String\n @check(b, "x") }`,
    `node Z { v: Vector(0) }`,
    `node Z { v: Vector(99999999999999999999) }`,
    `node Z { v: Vector(65536) }`,
    `node Z { e: enum() }`,
    `node Z { e: enum(a, a) }`,
    `edge ${t.toUpperCase()}E: ${t} -> ${t}\nedge ${t}E: ${t} -> ${t}`,
    `edge E: ${t} -> ${t} @card(99999999999999999999..)`,
    `edge E: ${t} -> ${t} @card(3..1)`,
    `edge E: ${t} -> ${t} { from: String }`,
    `edge E: ${t} -> ${t} { a: String\n @key(a) }`,
    `node Z implements Missing { a: String }`,
    `interface I { a: String }\ninterface I { a: I32 }`,
    `interface I { a: String }\nnode Z implements I { a: I32 }`,
    `node Z { l: [[String]] }`,
    `node Z { l: [Blob] }`,
    `node Z { l: [String] @key }`,
    `node Z { a: String @embed("a") }`,
    `node Z { a: String\n v: Vector(3) @embed("missing") }`,
    `node Z { a: String @description("") @description("x") }`,
    `node Z { a: String @rename_from("") }`,
    `node Z @rename_from("${t}") { a: String }`,
    `node Z { a: String @custom(x, y=1) }`,
    `node Z { a: String @unique(a) }`,
    `node node { node: String }`,
    `node Z { a: ${nested('[', ']', 1000, 'String')} }`,
    `node ${'Z'.repeat(10_000)} { a: String }`,
    Array.from({ length: 3000 }, (_, i) => `node N${i} { a: String @key }`).join('\n'),
    `node Z { ${Array.from({ length: 3000 }, (_, i) => `p${i}: I32?`).join('\n')} }`,
  ];
}

/** A hostile schema source and what makes it hostile. */
export function hostileSchema(ctx: GenContext): { source: string; what: string } {
  const { rng, schema } = ctx;
  if (rng.chance(0.4)) {
    const { text, edits } = mutateText(rng, schema.source);
    return { source: text, what: `text:${edits.join('+')}` };
  }
  const declarations = brokenDeclarations(rng.pick(schema.nodes).name);
  const index = rng.int(0, declarations.length - 1);
  return { source: `${schema.source}\n${declarations[index] ?? ''}\n`, what: `decl:${index}` };
}

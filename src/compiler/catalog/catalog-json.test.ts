/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import contextPg from '../../../test/fixtures/context.pg?raw';
import searchPg from '../../../test/fixtures/search.pg?raw';
import { compileSchema } from '../schema/compile-schema.js';
import { CATALOG_JSON_VERSION, catalogFromJson, catalogToJson } from './catalog-json.js';

const RICH = `
interface Named { name: String @key @description("n") }
node Sku @description("stock") @ui(grid, cols=3) implements Named {
  qty: I64
  price: F64?
  tags: [String]?
  kind: enum(b, a)
  v: Vector(3) @embed("name", model="m")
  @range(qty, -9223372036854775808..9223372036854775807)
  @range(price, 0.5..)
  @check(name, "^[A-Z]+\\\\d$")
}
edge Rel: Sku -> Sku @card(1..2) { w: F32 @index  @unique(src, dst) }
`;

describe('catalog JSON', () => {
  it.each([
    ['context.pg', contextPg],
    ['search.pg', searchPg],
    ['a schema using every feature', RICH],
  ])('round-trips %s exactly', (_name, source) => {
    const catalog = compileSchema(source);
    const text = catalogToJson(catalog);
    expect(catalogFromJson(text)).toEqual(catalog);
    expect(catalogToJson(catalogFromJson(text))).toBe(text);
  });

  it('keeps 64-bit range bounds exact', () => {
    const text = catalogToJson(compileSchema(RICH));
    const back = catalogFromJson(text);
    expect(back.nodeTypes[0]?.constraints[0]).toEqual({
      kind: 'range',
      property: 'qty',
      min: { kind: 'integer', value: -9223372036854775808n },
      max: { kind: 'integer', value: 9223372036854775807n },
    });
  });

  it('writes its format version', () => {
    expect(JSON.parse(catalogToJson(compileSchema(searchPg)))).toMatchObject({
      version: CATALOG_JSON_VERSION,
    });
  });

  it('refuses another version, non-JSON and other shapes', () => {
    const text = catalogToJson(compileSchema(searchPg));
    expect(() => catalogFromJson(text.replace('"version":1', '"version":2'))).toThrow(
      'catalog error: unsupported catalog format version 2',
    );
    expect(() => catalogFromJson('{')).toThrow(/^catalog error: catalog document is not JSON/);
    expect(() => catalogFromJson('[]')).toThrow(
      'catalog error: catalog document is not a JSON object',
    );
    expect(() => catalogFromJson('{"version":1}')).toThrow(
      'catalog error: catalog document lacks interfaces, nodeTypes, edgeTypes or nextId',
    );
  });
});

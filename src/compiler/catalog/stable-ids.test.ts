import { describe, expect, it } from 'vitest';
import { compileSchema } from '../schema/compile-schema.js';
import { findEdgeType, findNodeType, findProperty } from './catalog-lookup.js';
import type { Catalog } from './catalog.js';

const V1 = `
interface Named { name: String @key }
node Person implements Named { age: I32? }
node Company { name: String @key }
edge WorksAt: Person -> Company { since: Date? }
`;

function idsOf(catalog: Catalog, type: string, properties: readonly string[]): number[] {
  const node = findNodeType(catalog, type);
  return [
    node?.id ?? -1,
    ...properties.map((name) => (node === undefined ? -1 : (findProperty(node, name)?.id ?? -1))),
  ];
}

describe('stable ids', () => {
  const v1 = compileSchema(V1);

  it('are kept when a schema compiles again unchanged', () => {
    expect(compileSchema(V1, { previous: v1 })).toEqual(v1);
  });

  it('survive a type rename with @rename_from', () => {
    const v2 = compileSchema(
      V1.replace('node Company {', 'node Firm @rename_from("Company") {').replace(
        '-> Company',
        '-> Firm',
      ),
      {
        previous: v1,
      },
    );
    expect(idsOf(v2, 'Firm', ['name'])).toEqual(idsOf(v1, 'Company', ['name']));
    expect(v2.nextId).toBe(v1.nextId);
  });

  it('survive a property rename with @rename_from, also on edges and interfaces', () => {
    const v2 = compileSchema(
      V1.replace('age: I32?', 'years: I32? @rename_from("age")')
        .replace('since: Date?', 'started: Date? @rename_from("since")')
        .replace(
          'interface Named { name: String @key }',
          'interface Named { title: String @key @rename_from("name") }',
        ),
      { previous: v1 },
    );
    expect(idsOf(v2, 'Person', ['years', 'title'])).toEqual(idsOf(v1, 'Person', ['age', 'name']));
    expect(findEdgeType(v2, 'WorksAt')?.properties[0]?.id).toBe(
      findEdgeType(v1, 'WorksAt')?.properties[0]?.id,
    );
    expect(v2.interfaces[0]?.properties[0]?.id).toBe(v1.interfaces[0]?.properties[0]?.id);
  });

  it('change when a type is dropped and added again', () => {
    const dropped = compileSchema('node Person { name: String @key }', { previous: v1 });
    const readded = compileSchema(V1, { previous: dropped });
    expect(findNodeType(readded, 'Company')?.id).not.toBe(findNodeType(v1, 'Company')?.id);
    expect(findNodeType(readded, 'Company')?.id).toBeGreaterThanOrEqual(v1.nextId);
    expect(findNodeType(readded, 'Person')?.id).toBe(findNodeType(v1, 'Person')?.id);
  });

  it('change when a property is dropped and added again', () => {
    const dropped = compileSchema(V1.replace('age: I32?', ''), { previous: v1 });
    const readded = compileSchema(V1, { previous: dropped });
    expect(idsOf(readded, 'Person', ['age'])[1]).not.toBe(idsOf(v1, 'Person', ['age'])[1]);
  });

  it('are not stolen by @rename_from naming a type that is still declared', () => {
    const v2 = compileSchema(`${V1}\nnode Org @rename_from("Company") { name: String }`, {
      previous: v1,
    });
    expect(findNodeType(v2, 'Company')?.id).toBe(findNodeType(v1, 'Company')?.id);
    expect(findNodeType(v2, 'Org')?.id).toBeGreaterThanOrEqual(v1.nextId);
  });

  it('are never reused: the counter only grows', () => {
    const v2 = compileSchema('node Other { x: I32 }', { previous: v1 });
    expect(v2.nodeTypes[0]?.id).toBe(v1.nextId);
    expect(v2.nextId).toBe(v1.nextId + 2);
  });
});

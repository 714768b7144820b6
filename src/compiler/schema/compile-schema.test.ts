/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import contextPg from '../../../test/fixtures/context.pg?raw';
import searchPg from '../../../test/fixtures/search.pg?raw';
import signalsPg from '../../../test/fixtures/signals.pg?raw';
import testPg from '../../../test/fixtures/test.pg?raw';
import { compileSchema } from './compile-schema.js';
import { findEdgeType, findNodeType } from '../catalog/catalog-lookup.js';

describe('compileSchema on the shared fixtures', () => {
  it.each([
    ['context.pg', contextPg, 5, 10],
    ['search.pg', searchPg, 1, 0],
    ['signals.pg', signalsPg, 4, 6],
    ['test.pg', testPg, 2, 2],
  ])('compiles %s', (file, source, nodes, edges) => {
    const catalog = compileSchema(source, { file });
    expect(catalog.nodeTypes).toHaveLength(nodes);
    expect(catalog.edgeTypes).toHaveLength(edges);
  });

  it('describes test.pg fully', () => {
    const catalog = compileSchema(testPg);
    expect(findNodeType(catalog, 'Person')).toEqual({
      kind: 'node',
      id: 1,
      name: 'Person',
      implements: [],
      properties: [
        {
          id: 3,
          name: 'name',
          type: { kind: 'scalar', scalar: 'String' },
          nullable: false,
          annotations: [],
          description: null,
          embed: null,
          renameFrom: null,
        },
        {
          id: 4,
          name: 'age',
          type: { kind: 'scalar', scalar: 'I32' },
          nullable: true,
          annotations: [],
          description: null,
          embed: null,
          renameFrom: null,
        },
      ],
      constraints: [{ kind: 'key', properties: ['name'] }],
      key: ['name'],
      annotations: [],
      description: null,
      instruction: null,
      renameFrom: null,
      columns: [
        {
          name: 'id',
          type: { kind: 'utf8' },
          nullable: false,
          propertyId: null,
          indexes: ['btree'],
        },
        {
          name: 'name',
          type: { kind: 'utf8' },
          nullable: false,
          propertyId: 3,
          indexes: ['btree'],
        },
        { name: 'age', type: { kind: 'int32' }, nullable: true, propertyId: 4, indexes: [] },
      ],
    });
    expect(findEdgeType(catalog, 'knows')).toMatchObject({
      kind: 'edge',
      name: 'Knows',
      from: 'Person',
      to: 'Person',
      cardinality: { min: 0, max: null },
      properties: [{ name: 'since', type: { kind: 'scalar', scalar: 'Date' }, nullable: true }],
      columns: [
        { name: 'id', nullable: false, propertyId: null },
        { name: 'src', type: { kind: 'utf8' }, nullable: false, indexes: ['btree'] },
        { name: 'dst', type: { kind: 'utf8' }, nullable: false, indexes: ['btree'] },
        { name: 'since', type: { kind: 'date32' }, nullable: true, indexes: [] },
      ],
    });
    expect(findEdgeType(catalog, 'worksAt')).toMatchObject({ from: 'Person', to: 'Company' });
  });
});

describe('compileSchema semantics', () => {
  it('injects interface properties after the node’s own, with their annotations', () => {
    const catalog = compileSchema(`
      interface Named { name: String @key @description("display name") }
      interface Dated { created: DateTime? }
      node Person implements Named, Dated { age: I32? }
    `);
    const person = findNodeType(catalog, 'Person');
    expect(person?.implements).toEqual(['Named', 'Dated']);
    expect(person?.properties.map((property) => property.name)).toEqual(['age', 'name', 'created']);
    expect(person?.key).toEqual(['name']);
    expect(person?.properties[1]?.description).toBe('display name');
    expect(catalog.interfaces.map((type) => [type.kind, type.name])).toEqual([
      ['interface', 'Named'],
      ['interface', 'Dated'],
    ]);
  });

  it('keeps a redeclared interface property where the node declares it', () => {
    const catalog = compileSchema(`
      interface Named { name: String @key }
      node Person implements Named { name: String  age: I32? }
    `);
    const person = findNodeType(catalog, 'Person');
    expect(person?.properties.map((property) => property.name)).toEqual(['name', 'age']);
    expect(person?.key).toBeNull();
  });

  it('sorts enum values', () => {
    const catalog = compileSchema('node A { e: enum(b-c, a, d_e) }');
    expect(catalog.nodeTypes[0]?.properties[0]?.type).toEqual({
      kind: 'enum',
      values: ['a', 'b-c', 'd_e'],
    });
  });

  it('desugars property annotations into constraints in source order', () => {
    const catalog = compileSchema(`
      node Sku {
        code: String @key
        qty: I32 @index
        @range(qty, 0..1000)
        label: String? @unique
        @check(code, "^[A-Z]{3}-[0-9]+$")
        @range(qty, ..-0.5)
      }`);
    expect(catalog.nodeTypes[0]?.constraints).toEqual([
      { kind: 'key', properties: ['code'] },
      { kind: 'index', properties: ['qty'] },
      {
        kind: 'range',
        property: 'qty',
        min: { kind: 'integer', value: 0n },
        max: { kind: 'integer', value: 1000n },
      },
      { kind: 'unique', properties: ['label'] },
      { kind: 'check', property: 'code', pattern: '^[A-Z]{3}-[0-9]+$' },
      { kind: 'range', property: 'qty', min: null, max: { kind: 'float', value: -0.5 } },
    ]);
  });

  it('keeps annotations as metadata and extracts the known ones', () => {
    const catalog = compileSchema(`
      node Doc @description("a document") @instruction("cite it") @ui(card, width=3) {
        title: String @description("the title") @searchable
        embedding: Vector(4) @embed("title", model="test-model") @index
      }
      edge Cites: Doc -> Doc @card(0..5) @description("citation") @rename_from("Refs")`);
    const doc = catalog.nodeTypes[0];
    expect(doc).toMatchObject({
      description: 'a document',
      instruction: 'cite it',
      annotations: [
        { name: 'description', value: 'a document', kwargs: {} },
        { name: 'instruction', value: 'cite it', kwargs: {} },
        { name: 'ui', value: 'card', kwargs: { width: '3' } },
      ],
    });
    expect(doc?.properties[0]).toMatchObject({
      description: 'the title',
      annotations: [
        { name: 'description', value: 'the title', kwargs: {} },
        { name: 'searchable', value: null, kwargs: {} },
      ],
    });
    expect(doc?.properties[1]).toMatchObject({
      embed: { source: 'title', model: 'test-model' },
      annotations: [{ name: 'embed', value: 'title', kwargs: { model: 'test-model' } }],
    });
    expect(catalog.edgeTypes[0]).toMatchObject({
      cardinality: { min: 0, max: 5 },
      description: 'citation',
      renameFrom: 'Refs',
    });
  });

  it('hands out ids from one counter and records the next one', () => {
    const catalog = compileSchema(
      'interface I { a: I32 }\nnode A implements I { b: I32 }\nnode B {}',
    );
    expect(catalog.interfaces[0]?.id).toBe(1);
    expect(catalog.interfaces[0]?.properties[0]?.id).toBe(2);
    expect(catalog.nodeTypes.map((type) => type.id)).toEqual([3, 4]);
    expect(catalog.nodeTypes[0]?.properties.map((property) => property.id)).toEqual([5, 6]);
    expect(catalog.nextId).toBe(7);
  });
});

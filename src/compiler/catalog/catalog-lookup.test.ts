import { describe, expect, it } from 'vitest';
import { compileSchema } from '../schema/compile-schema.js';
import {
  edgeTraversalName,
  findEdgeType,
  findInterface,
  findNodeType,
  findProperty,
  typeKey,
} from './catalog-lookup.js';

const catalog = compileSchema(`
interface Named { name: String }
node Person implements Named { age: I32? }
node Company { name: String }
edge Knows: Person -> Person
edge WorksAt: Person -> Company
`);

describe('catalog lookups', () => {
  it('find node types and interfaces by exact name', () => {
    expect(findNodeType(catalog, 'Person')?.name).toBe('Person');
    expect(findNodeType(catalog, 'person')).toBeUndefined();
    expect(findInterface(catalog, 'Named')?.kind).toBe('interface');
    expect(findInterface(catalog, 'Person')).toBeUndefined();
  });

  it('find edge types case-insensitively', () => {
    for (const name of ['WorksAt', 'worksAt', 'worksat', 'WORKSAT']) {
      expect(findEdgeType(catalog, name)?.name).toBe('WorksAt');
    }
    expect(findEdgeType(catalog, 'works_at')).toBeUndefined();
  });

  it('give the traversal form of an edge name', () => {
    expect(catalog.edgeTypes.map(edgeTraversalName)).toEqual(['knows', 'worksAt']);
  });

  it('find properties, injected ones included', () => {
    const person = findNodeType(catalog, 'Person');
    expect(person && findProperty(person, 'name')?.type).toEqual({
      kind: 'scalar',
      scalar: 'String',
    });
    expect(person && findProperty(person, 'missing')).toBeUndefined();
  });

  it('name table keys as the engine does', () => {
    expect([...catalog.nodeTypes, ...catalog.edgeTypes].map(typeKey)).toEqual([
      'node:Person',
      'node:Company',
      'edge:Knows',
      'edge:WorksAt',
    ]);
  });
});

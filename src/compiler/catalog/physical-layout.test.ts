import { describe, expect, it } from 'vitest';
import { compileSchema } from '../schema/compile-schema.js';
import type { Column } from './catalog.js';

function columnsOf(body: string): Record<string, Pick<Column, 'type' | 'nullable' | 'indexes'>> {
  const columns = compileSchema(`node A { ${body} }`).nodeTypes[0]?.columns ?? [];
  return Object.fromEntries(
    columns.map((column) => [
      column.name,
      { type: column.type, nullable: column.nullable, indexes: column.indexes },
    ]),
  );
}

describe('table layout', () => {
  it('maps every type to its Arrow column type', () => {
    const columns = columnsOf(`
      s: String  b: Blob?  f: Bool  i: I32  l: I64  u: U32  w: U64  x: F32  y: F64
      d: Date  t: DateTime  e: enum(a)  v: Vector(7)  ls: [I64]?`);
    expect(
      Object.fromEntries(Object.entries(columns).map(([name, column]) => [name, column.type])),
    ).toEqual({
      id: { kind: 'utf8' },
      s: { kind: 'utf8' },
      b: { kind: 'large_binary' },
      f: { kind: 'bool' },
      i: { kind: 'int32' },
      l: { kind: 'int64' },
      u: { kind: 'uint32' },
      w: { kind: 'uint64' },
      x: { kind: 'float32' },
      y: { kind: 'float64' },
      d: { kind: 'date32' },
      t: { kind: 'date64' },
      e: { kind: 'utf8' },
      v: { kind: 'fixed_size_list', dimension: 7 },
      ls: { kind: 'list', element: { kind: 'int64' } },
    });
    expect(columns.b?.nullable).toBe(true);
    expect(columns.ls?.nullable).toBe(true);
    expect(columns.s?.nullable).toBe(false);
  });

  it('indexes only what a constraint names, except vectors', () => {
    const columns = columnsOf(`
      plain: String  n: I32  v: Vector(2)  tags: [String]  blob: Blob
      k: String @key  u: String @unique  ft: String @index
      e: enum(a, b) @index  when: DateTime @index  ok: Bool @index  score: F64 @unique`);
    const indexes = Object.fromEntries(
      Object.entries(columns).map(([name, column]) => [name, column.indexes]),
    );
    expect(indexes).toEqual({
      id: ['btree'],
      plain: [],
      n: [],
      v: ['vector'],
      tags: [],
      blob: [],
      k: ['btree'],
      u: ['btree'],
      ft: ['fts', 'btree'],
      e: ['btree'],
      when: ['btree'],
      ok: ['btree'],
      score: ['btree'],
    });
  });

  it('indexes every column of a multi-column constraint', () => {
    const columns = columnsOf('a: String  b: I32  @unique(a, b)');
    expect(columns.a?.indexes).toEqual(['btree']);
    expect(columns.b?.indexes).toEqual(['btree']);
  });

  it('lays edges out as id, src, dst, then properties', () => {
    const edge = compileSchema('node P {}\nedge E: P -> P { w: F32? @index }').edgeTypes[0];
    expect(edge?.columns).toEqual([
      { name: 'id', type: { kind: 'utf8' }, nullable: false, propertyId: null, indexes: ['btree'] },
      {
        name: 'src',
        type: { kind: 'utf8' },
        nullable: false,
        propertyId: null,
        indexes: ['btree'],
      },
      {
        name: 'dst',
        type: { kind: 'utf8' },
        nullable: false,
        propertyId: null,
        indexes: ['btree'],
      },
      {
        name: 'w',
        type: { kind: 'float32' },
        nullable: true,
        propertyId: edge?.properties[0]?.id,
        indexes: ['btree'],
      },
    ]);
  });
});

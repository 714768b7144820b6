import { describe, expect, it } from 'vitest';
import type { MigrationStep } from './migration-step.js';
import { renderMigrationStep } from './render-step.js';

describe('renderMigrationStep', () => {
  it.each<[MigrationStep, string]>([
    [{ kind: 'add_type', typeKind: 'node', name: 'X' }, "add node type 'X'"],
    [{ kind: 'rename_type', typeKind: 'node', from: 'A', to: 'B' }, "rename node type 'A' -> 'B'"],
    [
      {
        kind: 'add_property',
        typeKind: 'node',
        typeName: 'T',
        propertyName: 'p',
        propertyType: { kind: 'scalar', scalar: 'String' },
        nullable: true,
      },
      "add property 'T.p' (String?) on node 'T'",
    ],
    [
      { kind: 'rename_property', typeKind: 'node', typeName: 'T', from: 'a', to: 'b' },
      "rename property 'T.a' -> 'T.b' on node 'T'",
    ],
    [
      {
        kind: 'add_constraint',
        typeKind: 'node',
        typeName: 'T',
        constraint: { kind: 'unique', properties: ['a', 'b'] },
      },
      "add constraint @unique(a, b) on node 'T'",
    ],
    [
      {
        kind: 'add_constraint',
        typeKind: 'node',
        typeName: 'T',
        constraint: {
          kind: 'range',
          property: 'q',
          min: { kind: 'integer', value: 0n },
          max: { kind: 'float', value: 1 },
        },
      },
      "add constraint @range(q, 0..1.0) on node 'T'",
    ],
    [
      {
        kind: 'add_constraint',
        typeKind: 'node',
        typeName: 'T',
        constraint: { kind: 'check', property: 'c', pattern: '^"\\d' },
      },
      'add constraint @check(c, "^\\"\\\\d") on node \'T\'',
    ],
    [
      {
        kind: 'extend_enum',
        typeKind: 'node',
        typeName: 'T',
        propertyName: 'p',
        addedValues: ['x', 'y'],
      },
      "extend enum 'T.p' (+x, +y) on node 'T'",
    ],
    [
      {
        kind: 'update_type_metadata',
        typeKind: 'node',
        name: 'T',
        annotations: [{ name: 'description', value: 'people', kwargs: {} }],
      },
      'update metadata on node \'T\' (@description("people"))',
    ],
    [
      {
        kind: 'update_property_metadata',
        typeKind: 'edge',
        typeName: 'E',
        propertyName: 'v',
        annotations: [
          { name: 'embed', value: 'title', kwargs: { model: 'm' } },
          { name: 'hidden', value: null, kwargs: {} },
        ],
      },
      'update metadata on property \'E.v\' of edge \'E\' (@embed("title", model="m") @hidden)',
    ],
    [
      { kind: 'drop_type', typeKind: 'node', name: 'T', mode: 'soft' },
      "drop node type 'T' (soft mode)",
    ],
    [
      { kind: 'drop_property', typeKind: 'node', typeName: 'T', propertyName: 'p', mode: 'hard' },
      "drop property 'T.p' of node 'T' (hard mode)",
    ],
    [
      {
        kind: 'unsupported_change',
        entity: 'node:Person.age',
        reason: "removing property 'Person.age' is not supported",
        code: 'OG-DS-104',
      },
      "unsupported change on node:Person.age [OG-DS-104, destructive]: removing property 'Person.age' is not supported",
    ],
    [
      { kind: 'unsupported_change', entity: 'edge:E', reason: 'no', code: null },
      'unsupported change on edge:E: no',
    ],
  ])('renders step %#', (step, line) => {
    expect(renderMigrationStep(step)).toBe(line);
  });
});

import { describe, expect, it } from 'vitest';
import type { MigrationStep } from './migration-step.js';
import { migrationPlanToJson, migrationStepToJson } from './migration-json.js';

describe('migration JSON', () => {
  it.each<[string, MigrationStep, unknown]>([
    [
      'add_type',
      { kind: 'add_type', typeKind: 'node', name: 'X' },
      { kind: 'add_type', type_kind: 'node', name: 'X' },
    ],
    [
      'rename_type',
      { kind: 'rename_type', typeKind: 'edge', from: 'A', to: 'B' },
      { kind: 'rename_type', type_kind: 'edge', from: 'A', to: 'B' },
    ],
    [
      'add_property (scalar)',
      {
        kind: 'add_property',
        typeKind: 'node',
        typeName: 'T',
        propertyName: 'p',
        propertyType: { kind: 'scalar', scalar: 'I32' },
        nullable: true,
      },
      {
        kind: 'add_property',
        type_kind: 'node',
        type_name: 'T',
        property_name: 'p',
        property_type: { scalar: 'I32', nullable: true, list: false, enum_values: null },
      },
    ],
    [
      'add_property (list)',
      {
        kind: 'add_property',
        typeKind: 'node',
        typeName: 'T',
        propertyName: 'p',
        propertyType: { kind: 'list', element: 'String' },
        nullable: false,
      },
      {
        kind: 'add_property',
        type_kind: 'node',
        type_name: 'T',
        property_name: 'p',
        property_type: { scalar: 'String', nullable: false, list: true, enum_values: null },
      },
    ],
    [
      'add_property (enum)',
      {
        kind: 'add_property',
        typeKind: 'edge',
        typeName: 'E',
        propertyName: 'p',
        propertyType: { kind: 'enum', values: ['a', 'b'] },
        nullable: true,
      },
      {
        kind: 'add_property',
        type_kind: 'edge',
        type_name: 'E',
        property_name: 'p',
        property_type: { scalar: 'String', nullable: true, list: false, enum_values: ['a', 'b'] },
      },
    ],
    [
      'add_property (vector)',
      {
        kind: 'add_property',
        typeKind: 'node',
        typeName: 'T',
        propertyName: 'v',
        propertyType: { kind: 'vector', dimension: 4 },
        nullable: true,
      },
      {
        kind: 'add_property',
        type_kind: 'node',
        type_name: 'T',
        property_name: 'v',
        property_type: { scalar: { Vector: 4 }, nullable: true, list: false, enum_values: null },
      },
    ],
    [
      'rename_property',
      { kind: 'rename_property', typeKind: 'node', typeName: 'T', from: 'a', to: 'b' },
      { kind: 'rename_property', type_kind: 'node', type_name: 'T', from: 'a', to: 'b' },
    ],
    [
      'add_constraint (key)',
      {
        kind: 'add_constraint',
        typeKind: 'node',
        typeName: 'T',
        constraint: { kind: 'key', properties: ['a'] },
      },
      { kind: 'add_constraint', type_kind: 'node', type_name: 'T', constraint: { Key: ['a'] } },
    ],
    [
      'add_constraint (unique)',
      {
        kind: 'add_constraint',
        typeKind: 'edge',
        typeName: 'E',
        constraint: { kind: 'unique', properties: ['src', 'dst'] },
      },
      {
        kind: 'add_constraint',
        type_kind: 'edge',
        type_name: 'E',
        constraint: { Unique: ['src', 'dst'] },
      },
    ],
    [
      'add_constraint (index)',
      {
        kind: 'add_constraint',
        typeKind: 'node',
        typeName: 'T',
        constraint: { kind: 'index', properties: ['a'] },
      },
      { kind: 'add_constraint', type_kind: 'node', type_name: 'T', constraint: { Index: ['a'] } },
    ],
    [
      'add_constraint (range)',
      {
        kind: 'add_constraint',
        typeKind: 'node',
        typeName: 'T',
        constraint: {
          kind: 'range',
          property: 'n',
          min: { kind: 'integer', value: -3n },
          max: { kind: 'float', value: 2.5 },
        },
      },
      {
        kind: 'add_constraint',
        type_kind: 'node',
        type_name: 'T',
        constraint: { Range: { property: 'n', min: { Integer: -3 }, max: { Float: 2.5 } } },
      },
    ],
    [
      'add_constraint (open range)',
      {
        kind: 'add_constraint',
        typeKind: 'node',
        typeName: 'T',
        constraint: {
          kind: 'range',
          property: 'n',
          min: null,
          max: { kind: 'integer', value: 9n },
        },
      },
      {
        kind: 'add_constraint',
        type_kind: 'node',
        type_name: 'T',
        constraint: { Range: { property: 'n', min: null, max: { Integer: 9 } } },
      },
    ],
    [
      'add_constraint (check)',
      {
        kind: 'add_constraint',
        typeKind: 'node',
        typeName: 'T',
        constraint: { kind: 'check', property: 's', pattern: '^a$' },
      },
      {
        kind: 'add_constraint',
        type_kind: 'node',
        type_name: 'T',
        constraint: { Check: { property: 's', pattern: '^a$' } },
      },
    ],
    [
      'extend_enum',
      {
        kind: 'extend_enum',
        typeKind: 'node',
        typeName: 'T',
        propertyName: 'e',
        addedValues: ['x', 'y'],
      },
      {
        kind: 'extend_enum',
        type_kind: 'node',
        type_name: 'T',
        property_name: 'e',
        added_values: ['x', 'y'],
      },
    ],
    [
      'update_type_metadata',
      {
        kind: 'update_type_metadata',
        typeKind: 'node',
        name: 'T',
        annotations: [
          { name: 'description', value: 'd', kwargs: {} },
          { name: 'ui', value: null, kwargs: { w: '3' } },
        ],
      },
      {
        kind: 'update_type_metadata',
        type_kind: 'node',
        name: 'T',
        annotations: [
          { name: 'description', value: 'd' },
          { name: 'ui', value: null, kwargs: { w: '3' } },
        ],
      },
    ],
    [
      'update_property_metadata',
      {
        kind: 'update_property_metadata',
        typeKind: 'node',
        typeName: 'T',
        propertyName: 'v',
        annotations: [{ name: 'embed', value: 'title', kwargs: { model: 'm' } }],
      },
      {
        kind: 'update_property_metadata',
        type_kind: 'node',
        type_name: 'T',
        property_name: 'v',
        annotations: [{ name: 'embed', value: 'title', kwargs: { model: 'm' } }],
      },
    ],
    [
      'drop_type',
      { kind: 'drop_type', typeKind: 'edge', name: 'E', mode: 'hard' },
      { kind: 'drop_type', type_kind: 'edge', name: 'E', mode: 'hard' },
    ],
    [
      'drop_property',
      { kind: 'drop_property', typeKind: 'node', typeName: 'T', propertyName: 'p', mode: 'soft' },
      {
        kind: 'drop_property',
        type_kind: 'node',
        type_name: 'T',
        property_name: 'p',
        mode: 'soft',
      },
    ],
    [
      'unsupported_change with a code',
      { kind: 'unsupported_change', entity: 'node:T.p', reason: 'r', code: 'OG-MF-106' },
      { kind: 'unsupported_change', entity: 'node:T.p', reason: 'r', code: 'OG-MF-106' },
    ],
    [
      'unsupported_change without a code',
      { kind: 'unsupported_change', entity: 'edge:E', reason: 'r', code: null },
      { kind: 'unsupported_change', entity: 'edge:E', reason: 'r' },
    ],
  ])('writes %s', (_name, step, json) => {
    expect(migrationStepToJson(step)).toEqual(json);
  });

  it('writes a plan as {supported, steps}', () => {
    const plan = migrationPlanToJson({
      supported: true,
      steps: [{ kind: 'add_type', typeKind: 'interface', name: 'I' }],
    });
    expect(JSON.parse(JSON.stringify(plan))).toEqual({
      supported: true,
      steps: [{ kind: 'add_type', type_kind: 'interface', name: 'I' }],
    });
  });
});

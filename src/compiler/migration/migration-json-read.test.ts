import { describe, expect, it } from 'vitest';
import type { MigrationStep } from './migration-step.js';
import { migrationStepToJson } from './migration-json.js';
import { migrationStepFromJson } from './migration-json-read.js';

const STEPS: readonly MigrationStep[] = [
  { kind: 'add_type', typeKind: 'node', name: 'X' },
  { kind: 'rename_type', typeKind: 'edge', from: 'A', to: 'B' },
  {
    kind: 'add_property',
    typeKind: 'node',
    typeName: 'T',
    propertyName: 'p',
    propertyType: { kind: 'list', element: 'I32' },
    nullable: true,
  },
  {
    kind: 'add_property',
    typeKind: 'node',
    typeName: 'T',
    propertyName: 'v',
    propertyType: { kind: 'vector', dimension: 4 },
    nullable: false,
  },
  {
    kind: 'add_property',
    typeKind: 'node',
    typeName: 'T',
    propertyName: 'e',
    propertyType: { kind: 'enum', values: ['a', 'b'] },
    nullable: true,
  },
  { kind: 'rename_property', typeKind: 'node', typeName: 'T', from: 'a', to: 'b' },
  {
    kind: 'add_constraint',
    typeKind: 'node',
    typeName: 'T',
    constraint: {
      kind: 'range',
      property: 'q',
      min: { kind: 'integer', value: 0n },
      max: { kind: 'float', value: 1.5 },
    },
  },
  {
    kind: 'add_constraint',
    typeKind: 'node',
    typeName: 'T',
    constraint: { kind: 'check', property: 'c', pattern: '^x' },
  },
  {
    kind: 'add_constraint',
    typeKind: 'edge',
    typeName: 'E',
    constraint: { kind: 'unique', properties: ['src', 'dst'] },
  },
  { kind: 'extend_enum', typeKind: 'node', typeName: 'T', propertyName: 'e', addedValues: ['c'] },
  {
    kind: 'update_type_metadata',
    typeKind: 'node',
    name: 'T',
    annotations: [{ name: 'description', value: 'd', kwargs: {} }],
  },
  {
    kind: 'update_property_metadata',
    typeKind: 'node',
    typeName: 'T',
    propertyName: 'v',
    annotations: [{ name: 'embed', value: 'p', kwargs: { model: 'm' } }],
  },
  { kind: 'drop_type', typeKind: 'node', name: 'Old', mode: 'soft' },
  { kind: 'drop_property', typeKind: 'node', typeName: 'T', propertyName: 'z', mode: 'hard' },
  { kind: 'unsupported_change', entity: 'node:T.a', reason: 'no', code: 'OG-MF-106' },
  { kind: 'unsupported_change', entity: 'edge:E', reason: 'no', code: null },
];

describe('migrationStepFromJson', () => {
  it.each(STEPS)('reads back the JSON of a $kind step', (step) => {
    expect(migrationStepFromJson(migrationStepToJson(step))).toEqual(step);
  });

  it('refuses an object that is not a step', () => {
    expect(() => migrationStepFromJson({ kind: 'frobnicate' })).toThrow('not a migration step');
  });
});

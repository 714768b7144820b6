import { describe, expect, it } from 'vitest';
import { isOmniError } from '../../util/omni-error.js';
import { compileSchema } from '../schema/compile-schema.js';
import type { Catalog } from '../catalog/catalog.js';
import { planMigration, type PlanMigrationOptions } from './plan-migration.js';
import type { MigrationPlan } from './migration-step.js';

const BASE = `
interface Named { name: String @key }
node Person implements Named {
  age: I32?
  status: enum(active, gone)
}
node Company { name: String @key }
edge WorksAt: Person -> Company { since: Date? }
`;

/** Everything empty, so data-dependent rules do not interfere unless a test says so. */
const EMPTY: ReadonlyMap<string, number> = new Map([
  ['node:Person', 0],
  ['node:Company', 0],
  ['edge:WorksAt', 0],
]);

function plan(
  desired: string,
  options: PlanMigrationOptions = { rowCounts: EMPTY },
  acceptedSource = BASE,
): MigrationPlan {
  const accepted = compileSchema(acceptedSource);
  return planMigration(accepted, compileSchema(desired, { previous: accepted }), options);
}

describe('planMigration', () => {
  it('plans nothing for an unchanged schema', () => {
    expect(plan(BASE)).toEqual({ supported: true, steps: [] });
  });

  it('add_type for new interfaces, nodes and edges, in that order', () => {
    expect(
      plan(
        `${BASE}\nedge Owns: Person -> Thing\nnode Thing { label: String }\ninterface Labeled { label: String }`,
      ).steps,
    ).toEqual([
      { kind: 'add_type', typeKind: 'interface', name: 'Labeled' },
      { kind: 'add_type', typeKind: 'node', name: 'Thing' },
      { kind: 'add_type', typeKind: 'edge', name: 'Owns' },
    ]);
  });

  it('rename_type with @rename_from keeps the type, its ids and its data', () => {
    const accepted = compileSchema(BASE);
    const desired = compileSchema(
      BASE.replace('node Company {', 'node Firm @rename_from("Company") {').replace(
        '-> Company',
        '-> Firm',
      ),
      { previous: accepted },
    );
    expect(desired.nodeTypes[1]?.id).toBe(accepted.nodeTypes[1]?.id);
    expect(planMigration(accepted, desired, { rowCounts: EMPTY })).toEqual({
      supported: true,
      steps: [{ kind: 'rename_type', typeKind: 'node', from: 'Company', to: 'Firm' }],
    });
  });

  it('without @rename_from a renamed type is a drop and an add', () => {
    const renamed = BASE.replace('node Company {', 'node Firm {').replace('-> Company', '-> Firm');
    expect(plan(renamed).steps).toEqual([
      { kind: 'add_type', typeKind: 'node', name: 'Firm' },
      {
        kind: 'unsupported_change',
        entity: 'edge:WorksAt',
        reason:
          "changing the endpoints of edge type 'WorksAt' from Person -> Company to Person -> Firm is not supported",
        code: null,
      },
      { kind: 'drop_type', typeKind: 'node', name: 'Company', mode: 'soft' },
    ]);
  });

  it('add_property for a nullable property, or a required one on an empty type', () => {
    const desired = BASE.replace('age: I32?', 'age: I32?\n  email: String?\n  score: F64');
    expect(plan(desired).steps).toEqual([
      {
        kind: 'add_property',
        typeKind: 'node',
        typeName: 'Person',
        propertyName: 'email',
        propertyType: { kind: 'scalar', scalar: 'String' },
        nullable: true,
      },
      {
        kind: 'add_property',
        typeKind: 'node',
        typeName: 'Person',
        propertyName: 'score',
        propertyType: { kind: 'scalar', scalar: 'F64' },
        nullable: false,
      },
    ]);
  });

  it('refuses a required property on a populated type (OG-MF-103)', () => {
    const desired = BASE.replace('age: I32?', 'age: I32?\n  score: F64');
    expect(plan(desired, { rowCounts: new Map([['node:Person', 3]]) })).toEqual({
      supported: false,
      steps: [
        {
          kind: 'unsupported_change',
          entity: 'node:Person.score',
          reason:
            "adding required property 'Person.score' is not supported while 'Person' holds data; declare it nullable",
          code: 'OG-MF-103',
        },
      ],
    });
  });

  it('counts a type missing from rowCounts as populated', () => {
    const desired = BASE.replace('age: I32?', 'age: I32?\n  score: F64');
    expect(plan(desired, {}).supported).toBe(false);
    expect(plan(desired, { rowCounts: new Map([['node:Person', 0]]) }).supported).toBe(true);
  });

  it('rename_property with @rename_from keeps the property id', () => {
    const accepted = compileSchema(BASE);
    const desired = compileSchema(
      BASE.replace('age: I32?', 'years: I32? @rename_from("age")').replace(
        'since: Date?',
        'started: Date? @rename_from("since")',
      ),
      { previous: accepted },
    );
    expect(desired.nodeTypes[0]?.properties[0]?.id).toBe(accepted.nodeTypes[0]?.properties[0]?.id);
    expect(planMigration(accepted, desired, { rowCounts: EMPTY }).steps).toEqual([
      { kind: 'rename_property', typeKind: 'node', typeName: 'Person', from: 'age', to: 'years' },
      {
        kind: 'rename_property',
        typeKind: 'edge',
        typeName: 'WorksAt',
        from: 'since',
        to: 'started',
      },
    ]);
  });

  it('renames properties of interfaces and of the nodes they are injected into', () => {
    const desired = BASE.replace(
      'interface Named { name: String @key }',
      'interface Named { title: String @key @rename_from("name") }',
    );
    expect(plan(desired).steps).toEqual([
      {
        kind: 'rename_property',
        typeKind: 'interface',
        typeName: 'Named',
        from: 'name',
        to: 'title',
      },
      { kind: 'rename_property', typeKind: 'node', typeName: 'Person', from: 'name', to: 'title' },
    ]);
  });

  it('add_constraint for new constraints, new @key on empty types included', () => {
    const accepted = 'node A { a: String\n n: I32\n s: String }';
    const desired = `node A { a: String @key @index\n n: I32\n s: String\n @unique(a, n)\n @range(n, 0..10)\n @check(s, "^x") }`;
    expect(plan(desired, { rowCounts: new Map([['node:A', 0]]) }, accepted).steps).toEqual([
      {
        kind: 'add_constraint',
        typeKind: 'node',
        typeName: 'A',
        constraint: { kind: 'key', properties: ['a'] },
      },
      {
        kind: 'add_constraint',
        typeKind: 'node',
        typeName: 'A',
        constraint: { kind: 'index', properties: ['a'] },
      },
      {
        kind: 'add_constraint',
        typeKind: 'node',
        typeName: 'A',
        constraint: { kind: 'unique', properties: ['a', 'n'] },
      },
      {
        kind: 'add_constraint',
        typeKind: 'node',
        typeName: 'A',
        constraint: {
          kind: 'range',
          property: 'n',
          min: { kind: 'integer', value: 0n },
          max: { kind: 'integer', value: 10n },
        },
      },
      {
        kind: 'add_constraint',
        typeKind: 'node',
        typeName: 'A',
        constraint: { kind: 'check', property: 's', pattern: '^x' },
      },
    ]);
  });

  it('carries constraints through property renames', () => {
    const accepted = 'node A { a: String @key\n n: I32 @index }';
    const desired = 'node A { b: String @key @rename_from("a")\n m: I32 @index @rename_from("n") }';
    expect(plan(desired, {}, accepted).steps.map((step) => step.kind)).toEqual([
      'rename_property',
      'rename_property',
    ]);
  });

  it('refuses key changes and constraint removals', () => {
    const accepted = 'node A { a: String @key\n b: String @unique }';
    expect(plan('node A { a: String\n b: String @key }', {}, accepted).steps).toEqual([
      {
        kind: 'unsupported_change',
        entity: 'node:A',
        reason: "changing the @key of node type 'A' is not supported",
        code: null,
      },
      {
        kind: 'unsupported_change',
        entity: 'node:A',
        reason: "removing @unique(b) from node type 'A' is not supported",
        code: null,
      },
    ]);
    expect(plan('node A { a: String\n b: String @unique }', {}, accepted).steps).toEqual([
      {
        kind: 'unsupported_change',
        entity: 'node:A',
        reason: "removing @key(a) from node type 'A' is not supported",
        code: null,
      },
    ]);
    expect(
      plan(
        'node A { a: String @key\n b: String @unique }',
        {},
        'node A { a: String\n b: String @unique }',
      ).steps,
    ).toEqual([
      {
        kind: 'unsupported_change',
        entity: 'node:A',
        reason: "adding @key(a) to node type 'A' is not supported while it holds data",
        code: null,
      },
    ]);
  });

  it('extend_enum for a pure widening', () => {
    const desired = BASE.replace('enum(active, gone)', 'enum(paused, active, gone, archived)');
    expect(plan(desired).steps).toEqual([
      {
        kind: 'extend_enum',
        typeKind: 'node',
        typeName: 'Person',
        propertyName: 'status',
        addedValues: ['archived', 'paused'],
      },
    ]);
  });

  it.each([
    ['enum narrowing', 'enum(active)', 'enum(active, gone)', 'enum(active)'],
    ['enum value rename', 'enum(active, left)', 'enum(active, gone)', 'enum(active, left)'],
    ['enum to String', 'String', 'enum(active, gone)', 'String'],
    ['nullability', 'enum(active, gone)?', 'enum(active, gone)', 'enum(active, gone)?'],
  ])('refuses a type change: %s (OG-MF-106)', (_case, replacement, before, after) => {
    expect(plan(BASE.replace('enum(active, gone)', replacement)).steps).toEqual([
      {
        kind: 'unsupported_change',
        entity: 'node:Person.status',
        reason: `changing property 'Person.status' from ${before} to ${after} is not supported`,
        code: 'OG-MF-106',
      },
    ]);
  });

  it('refuses a scalar type change (OG-MF-106)', () => {
    expect(plan(BASE.replace('age: I32?', 'age: I64?')).steps).toMatchObject([
      { kind: 'unsupported_change', code: 'OG-MF-106', entity: 'node:Person.age' },
    ]);
  });

  it('update_type_metadata with the desired annotations, @rename_from aside', () => {
    const desired = BASE.replace(
      'node Company {',
      'node Company @description("employer") @ui(card) {',
    ).replace(
      'edge WorksAt: Person -> Company',
      'edge WorksAt: Person -> Company @instruction("current job")',
    );
    expect(plan(desired).steps).toEqual([
      {
        kind: 'update_type_metadata',
        typeKind: 'node',
        name: 'Company',
        annotations: [
          { name: 'description', value: 'employer', kwargs: {} },
          { name: 'ui', value: 'card', kwargs: {} },
        ],
      },
      {
        kind: 'update_type_metadata',
        typeKind: 'edge',
        name: 'WorksAt',
        annotations: [{ name: 'instruction', value: 'current job', kwargs: {} }],
      },
    ]);
  });

  it('update_property_metadata when property annotations change', () => {
    const desired = BASE.replace('age: I32?', 'age: I32? @description("in years")');
    expect(plan(desired).steps).toEqual([
      {
        kind: 'update_property_metadata',
        typeKind: 'node',
        typeName: 'Person',
        propertyName: 'age',
        annotations: [{ name: 'description', value: 'in years', kwargs: {} }],
      },
    ]);
  });

  it('drop_type soft by default, hard with allowDataLoss; edges before nodes', () => {
    const desired =
      'interface Named { name: String @key }\nnode Person implements Named { age: I32?\n status: enum(active, gone) }';
    const soft = [
      { kind: 'drop_type', typeKind: 'edge', name: 'WorksAt', mode: 'soft' },
      { kind: 'drop_type', typeKind: 'node', name: 'Company', mode: 'soft' },
    ];
    expect(plan(desired)).toEqual({ supported: true, steps: soft });
    expect(plan(desired, { allowDataLoss: true }).steps).toEqual(
      soft.map((step) => ({ ...step, mode: 'hard' })),
    );
  });

  it('drop_property soft by default, hard with allowDataLoss', () => {
    const desired = BASE.replace('age: I32?', '');
    expect(plan(desired, { rowCounts: new Map([['node:Person', 5]]) }).steps).toEqual([
      {
        kind: 'drop_property',
        typeKind: 'node',
        typeName: 'Person',
        propertyName: 'age',
        mode: 'soft',
      },
    ]);
    expect(plan(desired, { allowDataLoss: true }).steps).toEqual([
      {
        kind: 'drop_property',
        typeKind: 'node',
        typeName: 'Person',
        propertyName: 'age',
        mode: 'hard',
      },
    ]);
  });

  it('refuses to drop populated types and properties when asked (OG-DS-102/103/104)', () => {
    const desired =
      'interface Named { name: String @key }\nnode Person implements Named { status: enum(active, gone) }';
    const rowCounts = new Map([
      ['node:Person', 2],
      ['node:Company', 1],
      ['edge:WorksAt', 1],
    ]);
    expect(plan(desired, { rowCounts, refusePopulatedDrops: true })).toEqual({
      supported: false,
      steps: [
        {
          kind: 'unsupported_change',
          entity: 'node:Person.age',
          reason: "removing property 'Person.age' is not supported while 'Person' holds data",
          code: 'OG-DS-104',
        },
        {
          kind: 'unsupported_change',
          entity: 'edge:WorksAt',
          reason: "removing edge type 'WorksAt' is not supported while it holds data",
          code: 'OG-DS-103',
        },
        {
          kind: 'unsupported_change',
          entity: 'node:Company',
          reason: "removing node type 'Company' is not supported while it holds data",
          code: 'OG-DS-102',
        },
      ],
    });
    expect(plan(desired, { rowCounts: EMPTY, refusePopulatedDrops: true }).supported).toBe(true);
  });

  it('refuses a cardinality change', () => {
    expect(
      plan(
        BASE.replace(
          'edge WorksAt: Person -> Company',
          'edge WorksAt: Person -> Company @card(0..1)',
        ),
      ).steps,
    ).toEqual([
      {
        kind: 'unsupported_change',
        entity: 'edge:WorksAt',
        reason: "changing the cardinality of edge type 'WorksAt' is not supported",
        code: null,
      },
    ]);
  });

  it('orders a mixed plan deterministically', () => {
    const desired = `
      interface Named { name: String @key }
      node Human @rename_from("Person") @description("a human") implements Named {
        years: I32? @rename_from("age")
        status: enum(active, gone, new)
        nick: String?
      }
      node Place { name: String @key }
      edge WorksAt: Human -> Place
    `;
    const first = plan(desired);
    expect(first.steps.map((step) => step.kind)).toEqual([
      'add_type',
      'rename_type',
      'update_type_metadata',
      'unsupported_change',
      'rename_property',
      'extend_enum',
      'add_property',
      'drop_property',
      'drop_type',
    ]);
    expect(plan(desired)).toEqual(first);
  });

  it('refuses a desired catalog not compiled against the accepted one', () => {
    const accepted = compileSchema(BASE);
    const unrelated: Catalog = compileSchema(`node Extra {}\n${BASE}`);
    try {
      planMigration(accepted, unrelated);
      expect.unreachable();
    } catch (error) {
      expect(isOmniError(error, 'internal')).toBe(true);
    }
  });
});

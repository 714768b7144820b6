import { beforeAll, describe, expect, it } from 'vitest';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import {
  describeOnBackends,
  edgeLine,
  expectOmniError,
  freshGraph,
  graphState,
  ndjson,
} from './graph-helpers.js';

/** Constraints a merge can break although each side alone keeps them. */
const SCHEMA = `
node Person {
    name: String @key
    email: String? @unique
    age: I32?
}

node Badge {
    code: String @key
    a: String
    b: String
    @unique(a, b)
}

node Company {
    name: String @key
}

edge WorksAt: Person -> Company @card(0..1)
`;

const DATA = [
  { type: 'Person', data: { name: 'Alice', age: 30 } },
  { type: 'Person', data: { name: 'Bob', age: 25 } },
  { type: 'Company', data: { name: 'Acme' } },
  { type: 'Company', data: { name: 'Globex' } },
]
  .map((line) => JSON.stringify(line))
  .join('\n');

type Side = (graph: Omnigraph, branch: string) => Promise<void>;

const load =
  (...lines: object[]): Side =>
  async (graph, branch) => {
    await graph.load({ data: ndjson(...lines), mode: 'merge', branch });
  };

const setEmail =
  (name: string, email: string): Side =>
  async (graph, branch) => {
    await graph.mutate({
      query:
        'query set_email($n: String, $e: String) { update Person set { email: $e } where name = $n }',
      branch,
      params: { n: name, e: email },
    });
  };

describeOnBackends('branch merge validation', (backend) => {
  let graph: Omnigraph;
  let cases = 0;
  beforeAll(async () => {
    graph = await freshGraph(backend, 'merge-validation', { schema: SCHEMA, data: DATA });
  });

  async function expectConflicts(
    source: Side,
    target: Side,
    expected: readonly object[],
  ): Promise<Error & { details?: Readonly<Record<string, unknown>> }> {
    cases += 1;
    const [left, right] = [`left${cases}`, `right${cases}`];
    await graph.createBranch({ name: left });
    await graph.createBranch({ name: right });
    await source(graph, left);
    await target(graph, right);
    const before = await graphState(graph, right);
    const error = await expectOmniError(
      graph.mergeBranch({ source: left, target: right }),
      'merge_conflict',
      'merge conflicts: ',
    );
    expect(error.details?.merge_conflicts).toEqual(
      expected.map((conflict): unknown => expect.objectContaining(conflict)),
    );
    expect(await graphState(graph, right)).toEqual(before);
    return error;
  }

  it('the same @unique value set on two entities → unique_violation', async () => {
    const error = await expectConflicts(
      setEmail('Alice', 'shared@example.com'),
      setEmail('Bob', 'shared@example.com'),
      [{ kind: 'unique_violation', entity_kind: 'node', type_name: 'Person' }],
    );
    expect(error.message).toContain('unique_violation');
  });

  it('the same composite @unique value inserted on both → unique_violation', async () => {
    await expectConflicts(
      load({ type: 'Badge', data: { code: 'b1', a: 'x', b: 'y' } }),
      load({ type: 'Badge', data: { code: 'b2', a: 'x', b: 'y' } }),
      [{ kind: 'unique_violation', entity_kind: 'node', type_name: 'Badge' }],
    );
  });

  it('one WorksAt on each side for a @card(0..1) source → cardinality_violation', async () => {
    await expectConflicts(
      load(edgeLine('WorksAt', 'Alice', 'Acme')),
      load(edgeLine('WorksAt', 'Alice', 'Globex')),
      [{ kind: 'cardinality_violation', entity_kind: 'edge', type_name: 'WorksAt' }],
    );
  });

  it('reports every conflict, the first three in the message', async () => {
    const both = (age: number): Side =>
      load(
        { type: 'Person', data: { name: 'Alice', age } },
        { type: 'Person', data: { name: 'Bob', age } },
        { type: 'Person', data: { name: 'Cy', age } },
        { type: 'Person', data: { name: 'Di', age } },
      );
    const error = await expectConflicts(both(1), both(2), [
      { kind: 'divergent_update', entity_id: 'Alice' },
      { kind: 'divergent_update', entity_id: 'Bob' },
      { kind: 'divergent_insert', entity_id: 'Cy' },
      { kind: 'divergent_insert', entity_id: 'Di' },
    ]);
    expect(error.message).toMatch(
      /^merge conflicts: node type 'Person', entity id 'Alice' \(divergent_update\); .*; and 1 more/,
    );
  });

  describe('a clean merge of the same schema', () => {
    it('merges when each side keeps the constraints together', async () => {
      await graph.createBranch({ name: 'ok-left' });
      await graph.createBranch({ name: 'ok-right' });
      await setEmail('Alice', 'a@example.com')(graph, 'ok-left');
      await setEmail('Bob', 'b@example.com')(graph, 'ok-right');
      const result = await graph.mergeBranch({ source: 'ok-left', target: 'ok-right' });
      expect(result.outcome).toBe('merged');
    });
  });
});

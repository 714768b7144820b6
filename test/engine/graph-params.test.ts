import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import {
  describeOnBackends,
  expectOmniError,
  freshGraph,
  graphState,
  nodesOf,
  TEST_JSONL,
  type Backend,
} from './graph-helpers.js';

const GET =
  'query get($name: String, $min: I32?) { match { $p: Person { name: $name } } return { $p.name } }';
const ADD = 'query add($name: String, $age: I32?) { insert Person { name: $name, age: $age } }';

describeOnBackends('graph params', (backend: Backend) => {
  let graph: Omnigraph;

  beforeAll(async () => {
    graph = await freshGraph(backend, 'params', { data: TEST_JSONL });
  });

  afterAll(async () => {
    await graph.close();
  });

  it('refuses a param the query does not declare, in reads and mutations, changing nothing', async () => {
    const read = await expectOmniError(
      graph.query({ query: GET, params: { name: 'Alice', mn: 3 } }),
      'param_error',
      "param 'mn': unknown parameter (declared: name, min); did you mean 'min'?",
    );
    expect(read.details).toEqual({ param: 'mn', declared: ['name', 'min'], suggestion: 'min' });
    const before = await graphState(graph);
    await expectOmniError(
      graph.mutate({ query: ADD, params: { name: 'Eve', agee: 30 } }),
      'param_error',
      "param 'agee': unknown parameter (declared: name, age); did you mean 'age'?",
    );
    expect(await graphState(graph)).toEqual(before);
    // The declared ones alone bind as before.
    const rows = await graph.query({ query: GET, params: { name: 'Alice' } });
    expect(rows.rows).toEqual([{ 'p.name': 'Alice' }]);
  });

  it('refuses param text that is not well-formed Unicode, naming the param, changing nothing', async () => {
    const before = await graphState(graph);
    for (const name of ['\ud800', 'Eve\udfff']) {
      const error = await expectOmniError(
        graph.mutate({ query: ADD, params: { name } }),
        'bad_request',
        "param 'name' is not well-formed Unicode: lone surrogate U+",
      );
      expect(error.details).toEqual({ param: 'name' });
    }
    expect(await graphState(graph)).toEqual(before);
    await expectOmniError(
      graph.query({ query: GET, params: { name: '\udc00' } }),
      'bad_request',
      "param 'name' is not well-formed Unicode",
    );
    // Well-formed text is stored exactly as given: no normalization.
    for (const name of ['e\u0301', '\u00e9']) await graph.mutate({ query: ADD, params: { name } });
    expect(Object.keys(await nodesOf(graph, 'Person'))).toEqual(
      expect.arrayContaining(['e\u0301', '\u00e9']),
    );
  });
});

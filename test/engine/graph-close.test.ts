import { expect, it } from 'vitest';
import { Omnigraph } from '../../src/engine/omnigraph.js';
import { isOmniError } from '../../src/util/index.js';
import { testSettings } from '../helpers/s3-env.js';
import { describeOnBackends, freshGraph, ndjson, nodesOf, personLine } from './graph-helpers.js';

const INSERT = 'query add($name: String) { insert Person { name: $name, age: 7 } }';
const COUNT = 'query n() { match { $p: Person } return { count($p) as n } }';

/** The typed refusal a closed handle gives, or a failure naming what came instead. */
async function refusal(operation: Promise<unknown>): Promise<string> {
  try {
    await operation;
    return 'succeeded';
  } catch (error) {
    return isOmniError(error) ? `${error.code}: ${error.message}` : String(error);
  }
}

describeOnBackends('closing a graph handle', (backend) => {
  it('waits for the writes in flight, queued group commits included, and loses none', async () => {
    const graph = await freshGraph(backend, 'close-in-flight', {
      data: ndjson(personLine('Seed', 1)),
    });
    const writes = Array.from({ length: 6 }, (_, index) =>
      graph.mutate({ query: INSERT, name: 'add', params: { name: `Late${index}` } }),
    );
    const load = graph.load({ data: ndjson(personLine('Loaded', 2)), mode: 'merge' });
    await graph.close();
    const outcomes = await Promise.allSettled([...writes, load]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(7).fill('fulfilled'));

    const reopened = await Omnigraph.open(graph.uri, { settings: testSettings() });
    try {
      expect(Object.keys(await nodesOf(reopened, 'Person')).sort()).toEqual([
        'Late0',
        'Late1',
        'Late2',
        'Late3',
        'Late4',
        'Late5',
        'Loaded',
        'Seed',
      ]);
    } finally {
      await reopened.close();
    }
  });

  it('refuses every later operation with a typed conflict, and closes again quietly', async () => {
    const graph = await freshGraph(backend, 'close-refuses', { data: ndjson(personLine('A', 1)) });
    expect((await graph.query({ query: COUNT })).rows).toEqual([{ n: 1n }]);
    await graph.close();
    const closed = `conflict: graph ${graph.uri} is closed; open it again to use it`;
    expect(await refusal(graph.query({ query: COUNT }))).toBe(closed);
    expect(await refusal(graph.mutate({ query: INSERT, name: 'add', params: { name: 'B' } }))).toBe(
      closed,
    );
    expect(await refusal(graph.load({ data: ndjson(personLine('C', 3)) }))).toBe(closed);
    expect(await refusal(graph.listBranches())).toBe(closed);
    expect(await refusal(graph.export()[Symbol.asyncIterator]().next())).toBe(closed);
    await expect(graph.close()).resolves.toBeUndefined();

    // Nothing the refused calls asked for happened.
    const reopened = await Omnigraph.open(graph.uri, { settings: testSettings() });
    try {
      expect((await reopened.query({ query: COUNT })).rows).toEqual([{ n: 1n }]);
    } finally {
      await reopened.close();
    }
  });
});

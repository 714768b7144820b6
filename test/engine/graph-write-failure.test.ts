import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeContextOfRoot } from './write-context.js';
import { OmniError } from '../../src/util/index.js';
import type { GraphContext } from '../../src/engine/protocol/graph-context.js';
import {
  connectGraphRoot,
  locateGraphRoot,
  type GraphRoot,
} from '../../src/engine/root/graph-root.js';
import { runWrite } from '../../src/engine/protocol/graph-writer.js';
import { where } from '../../src/engine/lance/filter.js';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import { RECOVERY_ACTOR } from '../../src/engine/protocol/recovery.js';
import { listAll, openObjectStore } from '../../src/storage/index.js';
import {
  describeOnBackends,
  expectOmniError,
  exportAll,
  freshGraph,
  graphState,
  ndjson,
  personLine,
  TEST_JSONL,
} from './graph-helpers.js';
import { testSettings } from '../helpers/s3-env.js';

/**
 * Writes that fail inside this process (after a table effect, or changing no row) undo their
 * effects at once: the graph is as before and the next write is not blocked by versions that
 * were never published.
 */
describeOnBackends('graph write failures in process', (backend) => {
  let graph: Omnigraph;
  let ctx: GraphContext;
  let root: GraphRoot;

  beforeAll(async () => {
    graph = await freshGraph(backend, 'write-failure', { data: TEST_JSONL });
    await graph.createBranch({ name: 'side' });
    root = await connectGraphRoot(locateGraphRoot(graph.uri, { s3: testSettings().s3 }));
    ctx = writeContextOfRoot(root);
  });
  afterAll(async () => {
    root.tables.close();
    await graph.close();
  });

  for (const branch of ['main', 'side']) {
    it(`a write failing after its table effects changes nothing on ${branch}`, async () => {
      const before = await graphState(graph, branch);
      const exported = await exportAll(graph, { branch });
      await expectOmniError(
        runWrite(ctx, {
          kind: 'load',
          branch,
          actor: null,
          prepare: () => Promise.resolve({ tables: ['node:Person', 'edge:Knows'] }),
          apply: async (_plan, session) => {
            const people = await session.table('node:Person');
            await people.append([{ id: 'Ghost', name: 'Ghost', age: 1 }]);
            const knows = await session.table('edge:Knows');
            await knows.delete(where.eq('src', 'Alice'));
            throw new OmniError('internal', 'injected failure');
          },
        }),
        'internal',
        'injected failure',
      );
      expect(await exportAll(graph, { branch })).toEqual(exported);
      const after = await graphState(graph, branch);
      const commits = (await graph.listCommits({ branch })).commits;
      if (branch === 'main') {
        // Restored in place: one recovery commit re-pins the tables, entities as before.
        expect(after.commits).toBe(before.commits + 1);
        expect(commits[0]).toMatchObject({
          actor_id: RECOVERY_ACTOR,
          parent_commit_id: before.snapshot.graph_commit_id,
        });
      } else {
        // Lazy forks are simply dropped: nothing to re-pin.
        expect(after).toEqual(before);
      }
      const intents = [];
      for await (const meta of listAll(
        openObjectStore(graph.uri, testSettings().s3),
        '_og/recovery/',
      ))
        intents.push(meta);
      expect(intents).toEqual([]);
      // Nothing blocks the next write.
      await graph.load({ data: ndjson(personLine(`Next-${branch}`, 2)), mode: 'append', branch });
      expect((await exportAll(graph, { branch, type_names: ['Person'] })).length).toBe(
        exported.filter((l) => l.startsWith('{"type":"Person"')).length + 1,
      );
    });
  }

  it('a write that changes no row publishes nothing and blocks nothing', async () => {
    const before = await graphState(graph);
    const outcome = await runWrite(ctx, {
      kind: 'load',
      branch: 'main',
      actor: null,
      prepare: () => Promise.resolve({ tables: ['node:Person'] }),
      // Lance commits a version even for a delete that matches nothing.
      apply: async (_plan, session) =>
        (await session.table('node:Person')).delete(where.eq('id', 'nobody')),
    });
    expect(outcome.commit).toBeNull();
    expect(outcome.result.deleted).toBe(0);
    const after = await graphState(graph);
    expect(after.snapshot.datasets).toEqual(before.snapshot.datasets);
    await graph.load({ data: ndjson(personLine('AfterNoop', 3)), mode: 'append' });
  });
});

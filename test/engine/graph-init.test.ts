import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Omnigraph } from '../../src/engine/omnigraph.js';
import { openObjectStore } from '../../src/storage/index.js';
import {
  countsOf,
  describeOnBackends,
  expectOmniError,
  exportAll,
  ndjson,
  openGraph,
  personLine,
  storageState,
  TEST_JSONL,
  TEST_PG,
} from './graph-helpers.js';
import { testSettings } from '../helpers/s3-env.js';

describeOnBackends('graph init and open', (backend) => {
  it('publishes a parentless genesis commit on main with one empty table per type', async () => {
    const uri = await backend.freshRoot('init');
    const graph = await Omnigraph.init(uri, TEST_PG, {
      actor: 'act-init',
      settings: testSettings(),
    });
    const commits = (await graph.listCommits()).commits;
    expect(commits).toHaveLength(1);
    const genesis = commits[0]!;
    expect(genesis).toMatchObject({
      graph_branch: null,
      graph_manifest_version: 1,
      parent_commit_id: null,
      merged_parent_commit_id: null,
      actor_id: 'act-init',
    });
    expect(genesis.graph_commit_id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(await graph.showCommit(genesis.graph_commit_id)).toEqual(genesis);
    expect((await graph.listBranches()).branches).toEqual(['main']);
    const snapshot = await graph.snapshot();
    expect(snapshot.graph_commit_id).toBe(genesis.graph_commit_id);
    expect(snapshot.datasets.map((d) => `${d.entity_kind}:${d.type_name}`)).toEqual([
      'edge:Knows',
      'edge:WorksAt',
      'node:Company',
      'node:Person',
    ]);
    expect(Object.values(countsOf(snapshot))).toEqual([0, 0, 0, 0]);
    expect(snapshot.datasets.every((d) => d.native_dataset_branch === null)).toBe(true);
    expect((await graph.getSchema()).schema_source).toBe(TEST_PG);
    expect(await exportAll(graph)).toEqual([]);
    await graph.close();
  });

  it('refuses a root that already holds a graph, and writes nothing', async () => {
    const uri = await backend.freshRoot('reinit');
    const graph = await Omnigraph.init(uri, TEST_PG, { settings: testSettings() });
    await graph.close();
    const before = await storageState(uri);
    await expectOmniError(
      Omnigraph.init(uri, 'node Other { name: String @key }', { settings: testSettings() }),
      'already_initialized',
      'already holds a graph',
    );
    expect(await storageState(uri)).toEqual(before);
    const reopened = await openGraph(uri, 'read-only');
    expect((await reopened.getSchema()).schema_source).toBe(TEST_PG);
    await reopened.close();
  });

  it('refuses a root holding stray graph metadata (no graph) and writes nothing', async () => {
    const uri = await backend.freshRoot('stray');
    const store = openObjectStore(uri, testSettings().s3);
    await store.put('_og/schemas/orphan.pg', new TextEncoder().encode('node X {}'));
    const before = await storageState(uri);
    await expectOmniError(
      Omnigraph.init(uri, TEST_PG, { settings: testSettings() }),
      'already_initialized',
    );
    expect(await storageState(uri)).toEqual(before);
    await expectOmniError(openGraph(uri), 'not_found', 'no graph');
  });

  it('lets only one of two concurrent inits of one root win', async () => {
    const uri = await backend.freshRoot('race');
    const results = await Promise.allSettled([
      Omnigraph.init(uri, TEST_PG, { settings: testSettings() }),
      Omnigraph.init(uri, TEST_PG, { settings: testSettings() }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected');
    expect((lost?.reason as { code?: string } | undefined)?.code).toBe('already_initialized');
    await (won[0] as PromiseFulfilledResult<Omnigraph>).value.close();
    const graph = await openGraph(uri);
    expect((await graph.listCommits()).commits).toHaveLength(1);
    await graph.close();
  });

  it('rejects a schema error with a typed error before writing anything', async () => {
    const uri = await backend.freshRoot('badschema');
    await expectOmniError(
      Omnigraph.init(uri, 'node Person { name: String @key', { settings: testSettings() }),
      'parse_error',
    );
    await expectOmniError(
      Omnigraph.init(uri, 'node Person { name: String @key }\nnode Person { x: I32 }', {
        settings: testSettings(),
      }),
      'schema_error',
      'duplicate node type: Person',
    );
    expect(await storageState(uri)).toEqual(new Map());
    // The root is still free for a valid schema.
    const graph = await Omnigraph.init(uri, TEST_PG, { settings: testSettings() });
    await graph.close();
  });

  it('refuses to open a root without a graph, without creating anything', async () => {
    const uri = await backend.freshRoot('nograph');
    await expectOmniError(openGraph(uri, 'read-only'), 'not_found', 'no graph');
    await expectOmniError(openGraph(uri), 'not_found', 'no graph');
    expect(await storageState(uri)).toEqual(new Map());
  });

  if (!backend.s3) {
    it('accepts bare paths and file:// URIs for one root and reports a canonical URI', async () => {
      const dir = await backend.freshRoot('fileuri');
      const graph = await Omnigraph.init(dir, TEST_PG, { settings: testSettings() });
      expect(graph.uri).toBe(pathToFileURL(dir).href);
      await graph.close();
      const viaUri = await openGraph(pathToFileURL(dir).href, 'read-only');
      expect(viaUri.uri).toBe(graph.uri);
      expect((await viaUri.listCommits()).commits).toHaveLength(1);
      await viaUri.close();
    });
  }

  describeReadOnly();

  function describeReadOnly(): void {
    let uri: string;
    beforeAll(async () => {
      uri = await backend.freshRoot('readonly');
      const graph = await Omnigraph.init(uri, TEST_PG, { settings: testSettings() });
      await graph.load({ data: TEST_JSONL, mode: 'overwrite' });
      await graph.createBranch({ name: 'feature' });
      await graph.load({ data: ndjson(personLine('Eve', 22)), mode: 'merge', branch: 'feature' });
      await graph.close();
    });
    afterAll(() => undefined);

    it('read-only opens read every target and never write', async () => {
      const before = await storageState(uri);
      const graph = await openGraph(uri, 'read-only');
      const main = await graph.snapshot();
      expect(countsOf(main)).toMatchObject({ Person: 4, Company: 2, Knows: 3, WorksAt: 2 });
      expect(countsOf(await graph.snapshot({ branch: 'feature' }))).toMatchObject({ Person: 5 });
      expect(await exportAll(graph)).toHaveLength(11);
      expect(await exportAll(graph, { branch: 'feature' })).toHaveLength(12);
      const commits = (await graph.listCommits({ branch: 'feature' })).commits;
      expect(commits).toHaveLength(3);
      expect(await exportAll(graph, { snapshot: commits[2]!.graph_commit_id })).toEqual([]);
      expect((await graph.listBranches()).branches).toEqual(['feature', 'main']);
      await graph.close();
      expect(await storageState(uri)).toEqual(before);
    });

    it('read-only opens refuse every write with a clear error and no effect', async () => {
      const before = await storageState(uri);
      const graph = await openGraph(uri, 'read-only');
      await expectOmniError(
        graph.load({ data: ndjson(personLine('Zed')), mode: 'merge' }),
        'bad_request',
        'read-only',
      );
      await expectOmniError(graph.createBranch({ name: 'other' }), 'bad_request', 'read-only');
      await expectOmniError(graph.deleteBranch('feature'), 'bad_request', 'read-only');
      await graph.close();
      expect(await storageState(uri)).toEqual(before);
    });

    it('a read-write open of a clean graph recovers nothing and reads what was written', async () => {
      const graph = await openGraph(uri);
      expect(graph.recovered).toEqual([]);
      expect(countsOf(await graph.snapshot())).toMatchObject({ Person: 4 });
      await graph.close();
    });
  }
});

import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { locateGraphRoot } from '../../src/engine/root/graph-root.js';
import { LanceTables } from '../../src/engine/lance/lance-tables.js';
import { CUTOFF_MARGIN_MS, planCleanup } from '../../src/engine/maintenance/cleanup-plan.js';
import { deleteIntent, listIntents, writeIntent } from '../../src/engine/root/recovery-intent.js';
import type { Omnigraph } from '../../src/engine/omnigraph.js';
import { isOmniError } from '../../src/util/index.js';
import {
  describeOnBackends,
  edgeLine,
  expectOmniError,
  exportAll,
  freshGraph,
  keysUnder,
  ndjson,
  openGraph,
  personLine,
  runScript,
  storageState,
  TEST_JSONL,
  TEST_PG,
} from './graph-helpers.js';
import { openObjectStore } from '../../src/storage/index.js';
import { testSettings } from '../helpers/s3-env.js';
import { deadIntent, writeContextOf } from './write-context.js';

async function headCommit(graph: Omnigraph, branch = 'main'): Promise<string> {
  const [head] = (await graph.listCommits({ branch })).commits;
  if (!head) throw new Error(`no commits on ${branch}`);
  return head.graph_commit_id;
}

function localRoot(uri: string): string | undefined {
  return uri.startsWith('file://') ? new URL(uri).pathname : undefined;
}

/**
 * Old commits on main, a pause longer than cleanup's cutoff margin, then a branch and newer
 * commits on both branches. Returns the ids of an old commit and of main's second newest.
 */
async function historyGraph(graph: Omnigraph): Promise<{ old: string; retained: string }> {
  await graph.load({ data: ndjson(personLine('Old0', 30)), mode: 'merge' });
  // Not the last old commit: its Person version is where `side` forks Person (Lance keeps it).
  const old = await headCommit(graph);
  for (let i = 1; i < 3; i++)
    await graph.load({ data: ndjson(personLine(`Old${i}`, 30 + i)), mode: 'merge' });
  await sleep(CUTOFF_MARGIN_MS + 500);
  await graph.createBranch({ name: 'side' });
  await graph.load({ data: ndjson(personLine('Sid', 40)), mode: 'merge', branch: 'side' });
  await graph.load({
    data: ndjson(edgeLine('Knows', 'Sid', 'Alice')),
    mode: 'append',
    branch: 'side',
  });
  await graph.load({ data: ndjson(personLine('New1', 50)), mode: 'merge' });
  const retained = await headCommit(graph);
  await graph.load({ data: ndjson(personLine('New2', 51)), mode: 'merge' });
  return { old, retained };
}

/** The fixture schema without Company (and WorksAt, which points at it). */
const WITHOUT_COMPANIES = TEST_PG.replace(/node Company \{[^}]*\}/, '').replace(
  /edge WorksAt: Person -> Company\s*/,
  '',
);

const CLI = path.join(import.meta.dirname, '..', '..', 'src', 'cli', 'omnigraph.ts');

/**
 * A commit whose data cleanup reclaimed: every read and fork of it is a typed `not_found`
 * (`gone` names the reclaimed version) before any line or effect.
 */
async function expectReclaimed(graph: Omnigraph, commit: string, gone: string): Promise<void> {
  const message = `commit ${commit} can no longer be read: cleanup reclaimed its data (${gone})`;
  const lines: string[] = [];
  const exporting = (async () => {
    for await (const line of graph.export({ snapshot: commit })) lines.push(line);
  })();
  await expectOmniError(exporting, 'not_found', message);
  expect(lines).toEqual([]);
  await expectOmniError(
    graph.query({
      query: 'query q() { match { $p: Person } return { $p.name } }',
      snapshot: commit,
    }),
    'not_found',
    message,
  );
  await expectOmniError(
    graph.createBranch({ name: 'from-gone', from: commit }),
    'not_found',
    message,
  );
  expect((await graph.listBranches()).branches).not.toContain('from-gone');
}

describeOnBackends('cleanup', (backend) => {
  it('needs a retention rule and valid numbers, and changes nothing otherwise', async () => {
    const graph = await freshGraph(backend, 'cleanup-args', { data: TEST_JSONL });
    await expectOmniError(
      graph.cleanup({ confirm: true }),
      'bad_request',
      'cleanup requires at least one of --keep or --older-than',
    );
    await expectOmniError(
      graph.cleanup({ keep_versions: 0, confirm: true }),
      'bad_request',
      '--keep',
    );
    await expectOmniError(
      graph.cleanup({ older_than_secs: -1, confirm: true }),
      'bad_request',
      '--older-than',
    );
    await graph.close();
  });

  it('keeps live heads and retained commits, removes older versions, previews first', async () => {
    const graph = await freshGraph(backend, 'cleanup', { data: TEST_JSONL });
    const { old, retained } = await historyGraph(graph);
    const mainBefore = await exportAll(graph);
    const sideBefore = await exportAll(graph, { branch: 'side' });
    const retainedBefore = await exportAll(graph, { snapshot: retained });
    expect((await exportAll(graph, { snapshot: old })).length).toBeGreaterThan(0);
    const oldPerson = (await graph.resolve({ snapshot: old })).entry('node:Person').version;
    expect((await graph.listCommits()).commits.some((c) => c.data_reclaimed)).toBe(false);

    const local = localRoot(graph.uri);
    const stateBefore = local === undefined ? undefined : await storageState(local);
    const preview = await graph.cleanup({ keep_versions: 2, confirm: false });
    expect(preview).toMatchObject({ keep_versions: 2, older_than_secs: null, confirm: false });
    const previewPerson = preview.datasets.find((d) => d.type_key === 'node:Person');
    expect(previewPerson?.old_versions_removed).toBeGreaterThan(0);
    if (local !== undefined) expect(await storageState(local)).toEqual(stateBefore);

    const result = await graph.cleanup({ keep_versions: 2, confirm: true });
    expect(result.datasets.map((d) => d.error)).toEqual(result.datasets.map(() => null));
    const person = result.datasets.find((d) => d.type_key === 'node:Person');
    expect(person?.old_versions_removed).toBeGreaterThanOrEqual(
      previewPerson?.old_versions_removed ?? 0,
    );
    expect(person?.bytes_removed).toBeGreaterThan(0);

    expect(await exportAll(graph)).toEqual(mainBefore);
    expect(await exportAll(graph, { branch: 'side' })).toEqual(sideBefore);
    expect(await exportAll(graph, { snapshot: retained })).toEqual(retainedBefore);
    await expectReclaimed(graph, old, `table Person version ${oldPerson}`);

    // Both branches still take writes, and a second run has nothing left to remove.
    await graph.load({ data: ndjson(personLine('After', 60)), mode: 'merge' });
    await graph.load({ data: ndjson(personLine('SideAfter', 61)), mode: 'merge', branch: 'side' });
    await graph.close();
  });

  it('marks exactly the commits whose data was reclaimed, in the API and the CLI', async () => {
    const graph = await freshGraph(backend, 'cleanup-marks', { data: TEST_JSONL });
    const { old, retained } = await historyGraph(graph);
    await graph.cleanup({ keep_versions: 2, confirm: true });
    const commits = (await graph.listCommits()).commits;
    const marked = commits.filter((c) => c.data_reclaimed === true).map((c) => c.graph_commit_id);
    expect(marked).toContain(old);
    expect(marked).not.toContain(retained);
    expect(commits[0]?.data_reclaimed).toBeUndefined();
    for (const commit of commits) {
      const readable = await exportAll(graph, { snapshot: commit.graph_commit_id }).then(
        () => true,
        (error: unknown) => {
          if (!isOmniError(error, 'not_found')) throw error;
          return false;
        },
      );
      expect(readable, commit.graph_commit_id).toBe(commit.data_reclaimed !== true);
    }
    // A branch lists the history it inherited, marks included.
    const side = (await graph.listCommits({ branch: 'side' })).commits;
    expect(side.find((c) => c.graph_commit_id === old)?.data_reclaimed).toBe(true);

    const listed = await runScript(CLI, ['commit', 'list', graph.uri]);
    expect(listed.code, listed.stderr).toBe(0);
    // The human list shows short ids (12 characters, more only when two listed ids share them).
    const line = (id: string) =>
      listed.stdout.split('\n').find((l) => l.startsWith(id.slice(0, 12)));
    expect(line(old)).toMatch(/ data_reclaimed$/);
    expect(line(retained)).not.toContain('data_reclaimed');
    const exported = await runScript(CLI, ['export', graph.uri, '--snapshot', old]);
    expect(exported.code).not.toBe(0);
    expect(exported.stdout).toBe('');
    expect(exported.stderr).toContain(`commit ${old} can no longer be read`);
    await graph.close();
  });

  it('keeps commits younger than --older-than and reclaims orphan Lance branches', async () => {
    const graph = await freshGraph(backend, 'cleanup-age', { data: TEST_JSONL });
    const { old } = await historyGraph(graph);
    const tables = await LanceTables.open(locateGraphRoot(graph.uri).tablesUri, {
      s3: testSettings().s3,
    });
    const snapshot = await graph.resolve();
    const person = snapshot.entry('node:Person');
    await tables.createBranch(person.table, 'og_stray', {
      branch: 'main',
      version: person.version,
    });

    const young = await graph.cleanup({ older_than_secs: 3600, confirm: true });
    expect(young.datasets.every((d) => d.old_versions_removed === 0 && d.error === null)).toBe(
      true,
    );
    expect(young.orphan_branches).toEqual([{ type_key: 'node:Person', branch: 'og_stray' }]);
    expect((await tables.listBranches(person.table)).map((b) => b.name)).not.toContain('og_stray');
    expect((await exportAll(graph, { snapshot: old })).length).toBeGreaterThan(0);

    // With both rules, a commit goes only when outside both: --keep 1 alone would drop `old`.
    const both = await graph.cleanup({ keep_versions: 1, older_than_secs: 3600, confirm: true });
    expect(both.datasets.every((d) => d.old_versions_removed === 0)).toBe(true);
    const aged = await graph.cleanup({ keep_versions: 1, older_than_secs: 0, confirm: true });
    expect(aged.datasets.some((d) => d.old_versions_removed > 0)).toBe(true);
    tables.close();
    await graph.close();
  });

  it('drops a table nothing pins once no retained commit reads it, never one a write names', async () => {
    let graph = await freshGraph(backend, 'cleanup-drop', { data: TEST_JSONL });
    const before = await headCommit(graph);
    const companyTable = (await graph.resolve()).entry('node:Company').table;
    await graph.applySchema({ schema_source: WITHOUT_COMPANIES, allow_data_loss: true });
    const dropped = (cleaned: { dropped_datasets: readonly { dataset_path: string }[] }) =>
      cleaned.dropped_datasets.map((d) => d.dataset_path);
    // The commit before the schema change still reads Company, while it is retained.
    expect(dropped(await graph.cleanup({ keep_versions: 2, confirm: false }))).toEqual([]);
    const preview = await graph.cleanup({ keep_versions: 1, confirm: false });
    expect(dropped(preview)).toContain(`tables/${companyTable}.lance`);
    const companyDataset = preview.datasets.find((d) => d.type_key === companyTable);
    expect(companyDataset?.old_versions_removed).toBeGreaterThan(0);
    expect(await exportAll(graph, { snapshot: before })).not.toEqual([]);

    await graph.close();

    // A table a write in flight (or one left for recovery) names is not the cleanup's to drop.
    const ctx = await writeContextOf(graph.uri);
    const intent = {
      ...deadIntent('main'),
      tables: [
        {
          tableKey: 'node:Company',
          table: companyTable,
          lanceBranch: 'main',
          pinnedVersion: null,
          forksBranch: false,
        },
      ],
    };
    const unpinned = async () =>
      (await planCleanup(ctx, { keepVersions: 1 })).find((plan) => plan.table === companyTable)
        ?.unpinned;
    try {
      expect(await listIntents(ctx.root.store)).toEqual([]);
      expect(await unpinned()).toBeDefined();
      await writeIntent(ctx.root.store, intent);
      expect(await unpinned()).toBeUndefined();
      await deleteIntent(ctx.root.store, intent.operation_id);
    } finally {
      await ctx.lease.close();
      ctx.root.tables.close();
    }

    graph = await openGraph(graph.uri);
    const confirmed = await graph.cleanup({ keep_versions: 1, confirm: true });
    expect(dropped(confirmed)).toEqual(dropped(preview));
    const companyResult = confirmed.datasets.find((d) => d.type_key === companyTable);
    expect(companyResult).toMatchObject({ error: null });
    expect(companyResult?.bytes_removed).toBeGreaterThan(0);
    const tables = await LanceTables.open(locateGraphRoot(graph.uri).tablesUri, {
      s3: testSettings().s3,
    });
    expect(await tables.tableNames()).not.toContain(companyTable);
    tables.close();
    await expectOmniError(exportAll(graph, { snapshot: before }), 'not_found');
    expect((await exportAll(graph)).length).toBeGreaterThan(0);
    // Nothing left to drop: a second run finds none.
    expect(dropped(await graph.cleanup({ keep_versions: 1, confirm: true }))).toEqual([]);
    await graph.close();
  });

  it('finishes a drop cut short: what is left of a table nothing pins goes next run', async () => {
    const graph = await freshGraph(backend, 'cleanup-drop-cut', { data: TEST_JSONL });
    const companyTable = (await graph.resolve()).entry('node:Company').table;
    await graph.applySchema({ schema_source: WITHOUT_COMPANIES, allow_data_loss: true });
    // A drop that removed the table's versions and stopped: its data files are left.
    const store = openObjectStore(graph.uri, testSettings().s3);
    for (const key of await keysUnder(graph.uri, `tables/${companyTable}.lance/_versions/`))
      await store.delete(key);
    expect(await keysUnder(graph.uri, `tables/${companyTable}.lance/`)).not.toEqual([]);

    const cleaned = await graph.cleanup({ keep_versions: 1, confirm: true });
    expect(cleaned.dropped_datasets).toContainEqual({
      type_key: companyTable,
      dataset_path: `tables/${companyTable}.lance`,
    });
    expect(cleaned.datasets.find((d) => d.type_key === companyTable)?.error).toBeNull();
    expect(await keysUnder(graph.uri, `tables/${companyTable}.lance/`)).toEqual([]);
    expect((await exportAll(graph)).length).toBeGreaterThan(0);
    await graph.close();
  });
});

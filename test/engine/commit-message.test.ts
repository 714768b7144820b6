import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommitOutput } from '../../src/api/index.js';
import { runCli } from '../../src/cli/program.js';
import { Omnigraph } from '../../src/engine/index.js';
import { GraphKeys } from '../../src/engine/root/graph-layout.js';
import { openObjectStore } from '../../src/storage/index.js';
import { captureIo } from '../helpers/capture-io.js';
import { testSettings } from '../helpers/s3-env.js';
import { freshTempDir } from '../helpers/temp-dir.js';
import {
  expectOmniError,
  ndjson,
  openGraph,
  personLine,
  storageState,
  TEST_JSONL,
  TEST_PG,
} from './graph-helpers.js';

const INSERT = 'query add($name: String) { insert Person { name: $name } }';
const WIDER_PG = TEST_PG.replace('age: I32?', 'age: I32?\n    nick: String?');

type Json = Record<string, unknown>;

async function freshRoot(label: string): Promise<string> {
  return path.join(await freshTempDir(label), 'graph');
}

/** The fields a commit records about the write that published it. */
const recorded = (commit: CommitOutput | null | undefined) => ({
  operation: commit?.operation,
  message: commit?.message,
});

describe('commit messages and operations', () => {
  let graph: Omnigraph;
  let root: string;
  /** Every write's own commit, by what it was. */
  const written = new Map<string, CommitOutput>();

  beforeAll(async () => {
    root = await freshRoot('commit-message');
    graph = await Omnigraph.init(root, TEST_PG, { settings: testSettings() });
    const loaded = await graph.load(
      { data: TEST_JSONL, mode: 'merge' },
      { actor: 'act-ada', message: 'seed the fixture' },
    );
    written.set('load', loaded.commit!);
    const changed = await graph.mutate(
      { query: INSERT, params: { name: 'Eve' } },
      { message: 'add Eve\n\nShe joined on Monday.' },
    );
    written.set('mutate', changed.commit!);
    await graph.applySchema({ schema_source: WIDER_PG }, { message: 'Person.nick' });
    written.set('schema_apply', (await graph.listCommits()).commits[0]!);
    const optimized = await graph.optimize({ message: 'compact ☃' });
    expect(optimized.commit_id).not.toBeNull();
    written.set('optimize', await graph.showCommit(optimized.commit_id!));
    await graph.createBranch({ name: 'feature' });
    await graph.mutate({ query: INSERT, params: { name: 'Fay' }, branch: 'feature' });
    written.set('unmessaged', (await graph.listCommits({ branch: 'feature' })).commits[0]!);
    const merged = await graph.mergeBranch(
      { source: 'feature', target: 'main' },
      { message: 'merge feature' },
    );
    written.set('merge', merged.commit!);
  });
  afterAll(async () => {
    await graph.close();
  });

  it('records each write kind with its operation and message, as its result reports it', () => {
    expect(recorded(written.get('load'))).toEqual({
      operation: 'load',
      message: 'seed the fixture',
    });
    expect(recorded(written.get('mutate'))).toEqual({
      operation: 'mutate',
      message: 'add Eve\n\nShe joined on Monday.',
    });
    expect(recorded(written.get('schema_apply'))).toEqual({
      operation: 'schema_apply',
      message: 'Person.nick',
    });
    expect(recorded(written.get('optimize'))).toEqual({
      operation: 'optimize',
      message: 'compact ☃',
    });
    expect(recorded(written.get('merge'))).toEqual({
      operation: 'merge',
      message: 'merge feature',
    });
    // No message: the field is absent, not empty.
    expect(written.get('unmessaged')).toMatchObject({ operation: 'mutate' });
    expect(written.get('unmessaged')).not.toHaveProperty('message');
  });

  it('returns them from the commit list and from one commit, genesis included', async () => {
    const commits = (await graph.listCommits()).commits;
    expect(commits.map((c) => c.operation)).toEqual([
      'merge',
      'optimize',
      'schema_apply',
      'mutate',
      'load',
      'init',
    ]);
    expect(commits.map((c) => c.message)).toEqual([
      'merge feature',
      'compact ☃',
      'Person.nick',
      'add Eve\n\nShe joined on Monday.',
      'seed the fixture',
      undefined,
    ]);
    for (const commit of commits)
      expect(await graph.showCommit(commit.graph_commit_id)).toEqual(commit);
    // A fresh handle reads them from storage, not from this handle's cache.
    const other = await openGraph(root, 'read-only');
    try {
      expect((await other.listCommits()).commits).toEqual(commits);
    } finally {
      await other.close();
    }
  });

  it('records ensure_indices for index builds', async () => {
    await graph.load({ data: ndjson(personLine('Gus', 44)), mode: 'merge' });
    const built = await graph.ensureIndices({}, { message: 'indexes' });
    expect(built.commit).not.toBeNull();
    expect(recorded(built.commit)).toEqual({ operation: 'ensure_indices', message: 'indexes' });
  });

  it('takes an empty message as none', async () => {
    const loaded = await graph.load(
      { data: ndjson(personLine('Hal')), mode: 'merge' },
      { message: '' },
    );
    expect(loaded.commit).toMatchObject({ operation: 'load' });
    expect(loaded.commit).not.toHaveProperty('message');
  });

  it('takes 4,096 characters, counted in code points (astral ones too)', async () => {
    const message = '😀'.repeat(4096);
    const loaded = await graph.load(
      { data: ndjson(personLine('Ida')), mode: 'merge' },
      { message },
    );
    expect(loaded.commit?.message).toBe(message);
  });

  it('refuses a bad message with bad_request before anything is written', async () => {
    // The writes before returned without waiting for their intents' deletes: closing does.
    await graph.close();
    graph = await Omnigraph.open(root, { settings: testSettings() });
    const before = await storageState(root);
    const data = ndjson(personLine('Zed'));
    const long = 'x'.repeat(4097);
    await expectOmniError(
      graph.load({ data, mode: 'merge' }, { message: long }),
      'bad_request',
      'message is longer than 4096 characters (4097)',
    );
    // A load that would fork its branch first forks nothing.
    await expectOmniError(
      graph.load({ data, mode: 'merge', branch: 'fresh', from: 'main' }, { message: 'a\ud800' }),
      'bad_request',
      'message is not well-formed Unicode: lone surrogate U+D800 at character 2',
    );
    await expectOmniError(
      graph.mutate({ query: INSERT, params: { name: 'Zed' } }, { message: '\udc00' }),
      'bad_request',
      'message is not well-formed Unicode',
    );
    await expectOmniError(
      graph.mergeBranch({ source: 'feature' }, { message: long }),
      'bad_request',
      'message is longer',
    );
    await expectOmniError(
      graph.applySchema({ schema_source: WIDER_PG }, { message: long }),
      'bad_request',
      'message is longer',
    );
    await expectOmniError(graph.optimize({ message: long }), 'bad_request', 'message is longer');
    expect(await storageState(root)).toEqual(before);
    expect((await graph.listBranches()).branches).not.toContain('fresh');
  });
});

describe('commit records written before operations and messages', () => {
  it('still read, and list with - for the operation', async () => {
    const root = await freshRoot('commit-message-old');
    const graph = await Omnigraph.init(root, TEST_PG, { settings: testSettings() });
    await graph.load({ data: TEST_JSONL, mode: 'merge' }, { actor: 'act-old', message: 'old' });
    const ids = (await graph.listCommits()).commits.map((c) => c.graph_commit_id);
    await graph.close();
    // Rewrite every record as an older version wrote it: neither field.
    const store = openObjectStore(root);
    for (const id of ids) {
      const key = GraphKeys.commit(id);
      const record = JSON.parse(new TextDecoder().decode((await store.get(key)).bytes)) as Json;
      delete record.operation;
      delete record.message;
      await store.put(key, new TextEncoder().encode(JSON.stringify(record)));
    }
    const reopened = await openGraph(root);
    try {
      const commits = (await reopened.listCommits()).commits;
      expect(commits).toHaveLength(2);
      for (const commit of commits) {
        expect(commit).not.toHaveProperty('operation');
        expect(commit).not.toHaveProperty('message');
        expect(await reopened.showCommit(commit.graph_commit_id)).toEqual(commit);
      }
      // New writes on an old graph record both.
      const changed = await reopened.mutate(
        { query: INSERT, params: { name: 'New' } },
        { message: 'new' },
      );
      expect(recorded(changed.commit)).toEqual({ operation: 'mutate', message: 'new' });
    } finally {
      await reopened.close();
    }
    const io = captureIo(path.dirname(root));
    expect(await runCli(['commit', 'list', root], io)).toBe(0);
    const lines = io.out().trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    // Columns: short id, operation, actor, UTC time, branch, message.
    const time = String.raw`\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ`;
    expect(lines[0]).toMatch(new RegExp(`^[0-9A-Z]{12}  mutate  -        ${time}  main  new$`));
    expect(lines[1]).toMatch(new RegExp(`^[0-9A-Z]{12}  -       act-old  ${time}  main$`));
    expect(lines[2]).toMatch(new RegExp(`^[0-9A-Z]{12}  -       -        ${time}  main$`));
  });

  it('read an operation this version does not know as none', async () => {
    const root = await freshRoot('commit-message-future');
    const graph = await Omnigraph.init(root, TEST_PG, { settings: testSettings() });
    const [genesis] = (await graph.listCommits()).commits;
    await graph.close();
    const store = openObjectStore(root);
    const key = GraphKeys.commit(genesis!.graph_commit_id);
    const record = JSON.parse(new TextDecoder().decode((await store.get(key)).bytes)) as Json;
    await store.put(
      key,
      new TextEncoder().encode(JSON.stringify({ ...record, operation: 'teleport' })),
    );
    const reopened = await openGraph(root, 'read-only');
    try {
      const [commit] = (await reopened.listCommits()).commits;
      expect(commit?.graph_commit_id).toBe(genesis!.graph_commit_id);
      expect(commit).not.toHaveProperty('operation');
    } finally {
      await reopened.close();
    }
  });
});

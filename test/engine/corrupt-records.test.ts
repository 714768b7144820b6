import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { Omnigraph } from '../../src/engine/index.js';
import { GraphKeys } from '../../src/engine/root/graph-layout.js';
import { openObjectStore, type ObjectStore } from '../../src/storage/index.js';
import { captureIo } from '../helpers/capture-io.js';
import { freshTempDir } from '../helpers/temp-dir.js';
import { expectOmniError, TEST_PG } from './graph-helpers.js';

type Json = Record<string, unknown>;

let root: string;
let store: ObjectStore;
let commitKey: string;
let catalogKey: string;

/** A copy of `object` without `field`. */
function without(object: Json, field: string): Json {
  return Object.fromEntries(Object.entries(object).filter(([name]) => name !== field));
}

async function readObject(key: string): Promise<Json> {
  return JSON.parse(new TextDecoder().decode((await store.get(key)).bytes)) as Json;
}

async function writeObject(key: string, value: unknown): Promise<void> {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  await store.put(key, new TextEncoder().encode(text));
}

/** Opens the graph and reads its snapshot: every stored object of main is read on the way. */
async function openAndRead(): Promise<void> {
  const graph = await Omnigraph.open(root);
  try {
    await graph.snapshot();
  } finally {
    await graph.close();
  }
}

/** Expects opening and reading to fail with exactly `message` (a `permanent` error). */
async function expectCorrupt(message: string): Promise<void> {
  const error = await expectOmniError(openAndRead(), 'permanent');
  expect(error.message).toBe(message);
}

beforeEach(async () => {
  root = path.join(await freshTempDir('corrupt'), 'graph');
  await (await Omnigraph.init(root, TEST_PG)).close();
  store = openObjectStore(root);
  const head = await readObject(GraphKeys.head('main'));
  commitKey = GraphKeys.commit(head.commitId as string);
  const manifest = (await readObject(commitKey)).manifest as Json;
  catalogKey = GraphKeys.schemaCatalog(manifest.schemaId as string);
});

describe('damaged commit records', () => {
  it('name the record and the missing field', async () => {
    await writeObject(commitKey, without(await readObject(commitKey), 'manifest'));
    await expectCorrupt(`corrupt commit record at ${commitKey}: missing manifest`);
  });

  it('report the first missing field of an object of another shape', async () => {
    await writeObject(commitKey, { nope: 1 });
    await expectCorrupt(`corrupt commit record at ${commitKey}: missing graph_commit_id`);
  });

  it('report bytes that are not JSON', async () => {
    await writeObject(commitKey, '{"graph_commit_id": ');
    await expectCorrupt(`corrupt commit record at ${commitKey}: not valid JSON`);
  });

  it('report a bad value deep inside, with its path', async () => {
    const record = await readObject(commitKey);
    const manifest = record.manifest as { tables: Record<string, Json> };
    manifest.tables['node:Person'] = { ...manifest.tables['node:Person'], version: -1 };
    await writeObject(commitKey, record);
    const error = await expectOmniError(openAndRead(), 'permanent');
    expect(error.message).toMatch(
      new RegExp(
        `^corrupt commit record at ${commitKey}: manifest\\.tables\\.node:Person\\.version: .*>=0`,
      ),
    );
  });

  it('refuse a record filed under another commit id', async () => {
    await writeObject(commitKey, { ...(await readObject(commitKey)), graph_commit_id: 'OTHER' });
    await expectCorrupt(`corrupt commit record at ${commitKey}: it holds commit 'OTHER'`);
  });

  it('reach the command line as one line', async () => {
    await writeObject(commitKey, { nope: 1 });
    const io = captureIo();
    expect(await runCli(['snapshot', root], io)).toBe(1);
    expect(io.err()).toBe(
      `error: corrupt commit record at ${commitKey}: missing graph_commit_id\n`,
    );
  });
});

describe('damaged branch heads', () => {
  const headKey = GraphKeys.head('main');

  it('without a commit id are refused, not looked up as commits/undefined.json', async () => {
    await writeObject(headKey, without(await readObject(headKey), 'commitId'));
    await expectCorrupt(`corrupt branch head at ${headKey}: missing commitId`);
  });

  it('naming another branch are refused', async () => {
    await writeObject(headKey, { ...(await readObject(headKey)), branch: 'feature' });
    await expectCorrupt(`corrupt branch head at ${headKey}: it names branch 'feature'`);
  });
});

describe('other damaged records', () => {
  it('a graph marker with a mistyped version', async () => {
    await writeObject(GraphKeys.marker, { format_version: '1', created_at: 0 });
    await expectCorrupt(
      `corrupt graph marker at ${GraphKeys.marker}: format_version: expected number, received string`,
    );
  });

  it('a schema catalog missing a part deep inside', async () => {
    const catalog = await readObject(catalogKey);
    const [first, ...others] = catalog.nodeTypes as Json[];
    const damaged = without(first!, 'columns');
    await writeObject(catalogKey, { ...catalog, nodeTypes: [damaged, ...others] });
    await expectCorrupt(`corrupt schema catalog at ${catalogKey}: missing nodeTypes[0].columns`);
  });

  it('a recovery intent of another shape, at a read-write open', async () => {
    const intentKey = GraphKeys.intent('op-1');
    await writeObject(intentKey, { operation_id: 5 });
    await expectCorrupt(
      `corrupt recovery intent at ${intentKey}: operation_id: expected string, received number`,
    );
  });

  it('leave intact graphs readable', async () => {
    await expect(openAndRead()).resolves.toBeUndefined();
  });
});

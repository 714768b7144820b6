import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ABSENT_STATE,
  acquireLock,
  emptyClusterState,
  openClusterStore,
  putCatalogPayload,
  writeApproval,
  writeRecoverySidecar,
  writeState,
} from '../../../src/cluster/index.js';
import { listAll } from '../../../src/storage/index.js';
import { parseStoreUri } from '../../../src/util/index.js';
import { newUlid } from '../../../src/util/ulid.js';
import {
  describeBackends,
  bytesOf,
  expectClusterError,
  openTestStore,
} from './cluster-backends.js';

describe('openClusterStore', () => {
  it('resolves a relative root against the given directory', () => {
    const store = openClusterStore('brain', { cwd: '/srv/config' });
    expect(store.uri).toBe('file:///srv/config/brain');
    expect(store.displayPath('__cluster/state.json')).toBe(
      '/srv/config/brain/__cluster/state.json',
    );
  });

  it('gives graph URIs the engine opens, for file and s3 roots', () => {
    expect(openClusterStore('/srv/brain').graphUri('knowledge')).toBe(
      pathToFileURL(path.join('/srv/brain', 'graphs', 'knowledge.omni')).href,
    );
    const s3 = openClusterStore('s3://assets/clusters/brain');
    expect(s3.graphUri('knowledge')).toBe('s3://assets/clusters/brain/graphs/knowledge.omni');
    expect(s3.displayPath('__cluster/lock.json')).toBe(
      's3://assets/clusters/brain/__cluster/lock.json',
    );
    expect(openClusterStore('s3://assets').graphUri('g')).toBe('s3://assets/graphs/g.omni');
    expect(parseStoreUri(s3.graphUri('knowledge'))).toEqual({
      kind: 's3',
      bucket: 'assets',
      prefix: 'clusters/brain/graphs/knowledge.omni',
    });
  });

  it('reports a root that is not a directory or an S3 prefix as invalid_storage_root', async () => {
    for (const root of ['s3://', 's3:///prefix', 'ftp://host/x', 'memory://cluster', '']) {
      await expectClusterError(
        Promise.resolve().then(() => openClusterStore(root)),
        'invalid_storage_root',
      );
    }
  });

  it('refuses graph ids that cannot name a root', async () => {
    const store = openClusterStore('/srv/brain');
    for (const id of ['', '../x', 'a/b', '1abc', 'a.b', 'a b']) {
      await expectClusterError(
        Promise.resolve().then(() => store.graphUri(id)),
        'invalid_resource_id',
      );
    }
    expect(store.graphUri('_under-score9')).toContain('/graphs/_under-score9.omni');
  });
});

describeBackends('cluster store', (backend) => {
  it('keeps everything it stores in the layout of the storage root', async () => {
    const store = openTestStore(await backend.root('layout'));
    const digest = 'e'.repeat(64);
    const sidecarId = newUlid();
    const approvalId = newUlid();
    await writeState(store, emptyClusterState(), ABSENT_STATE);
    await acquireLock(store, 'apply');
    const payload = bytesOf('policy');
    const payloadDigest = createHash('sha256').update(payload).digest('hex');
    await putCatalogPayload(
      store,
      { kind: 'policy', name: 'base', digest: payloadDigest },
      payload,
    );
    await writeRecoverySidecar(store, {
      schema_version: 1,
      operation_id: sidecarId,
      started_at: new Date().toISOString(),
      kind: 'graph_create',
      graph_id: 'g',
      graph_uri: store.graphUri('g'),
      desired_schema_digest: digest,
    });
    await writeApproval(store, {
      schema_version: 1,
      approval_id: approvalId,
      resource: 'graph.g',
      operation: 'delete',
      reason: 'removed',
      bound_config_digest: digest,
      approved_by: 'andrew',
      created_at: new Date().toISOString(),
    });
    const keys: string[] = [];
    for await (const object of listAll(store.objects, '')) keys.push(object.key);
    expect(keys.sort()).toEqual(
      [
        `__cluster/approvals/${approvalId}.json`,
        '__cluster/lock.json',
        `__cluster/recoveries/${sidecarId}.json`,
        `__cluster/resources/policy/base/${payloadDigest}.yaml`,
        '__cluster/state.json',
      ].sort(),
    );
  });

  it('finds and deletes a derived graph root by prefix', async () => {
    const store = openTestStore(await backend.root('graph-root'));
    expect(await store.graphRootExists('g')).toBe(false);
    await store.objects.put('graphs/g.omni/_og/graph.json', bytesOf('{}'));
    await store.objects.put('graphs/g.omni/tables/node_1.lance/data', bytesOf('x'));
    await store.objects.put('graphs/g.omnix/other', bytesOf('x'));
    expect(await store.graphRootExists('g')).toBe(true);
    expect(await store.deleteGraphRoot('g')).toBe(2);
    expect(await store.graphRootExists('g')).toBe(false);
    expect(await store.objects.head('graphs/g.omnix/other')).toBeDefined();
  });
});

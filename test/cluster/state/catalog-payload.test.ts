import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import {
  catalogPayloadKey,
  putCatalogPayload,
  verifyCatalogPayload,
  type CatalogPayload,
} from '../../../src/cluster/index.js';
import {
  describeBackends,
  bytesOf,
  expectClusterError,
  faultyStore,
  openTestStore,
  textOf,
} from './cluster-backends.js';

const SOURCE = bytesOf(
  'query find_person($name: String) { match { $p: Person { name: $name } } return { $p.name } }\n',
);
const DIGEST = createHash('sha256').update(SOURCE).digest('hex');
const QUERY: CatalogPayload = {
  kind: 'query',
  graph: 'knowledge',
  name: 'find_person',
  digest: DIGEST,
};
const POLICY: CatalogPayload = { kind: 'policy', name: 'base', digest: DIGEST };

describeBackends('catalog payloads', (backend) => {
  it('stores query and policy payloads under their content-addressed keys', async () => {
    const store = openTestStore(await backend.root('catalog'));
    expect(catalogPayloadKey(QUERY)).toBe(
      `__cluster/resources/query/knowledge/find_person/${DIGEST}.gq`,
    );
    expect(catalogPayloadKey(POLICY)).toBe(`__cluster/resources/policy/base/${DIGEST}.yaml`);
    for (const payload of [QUERY, POLICY]) {
      expect(await putCatalogPayload(store, payload, SOURCE)).toBe('written');
      expect(textOf((await store.objects.get(catalogPayloadKey(payload))).bytes)).toBe(
        textOf(SOURCE),
      );
    }
  });

  it('leaves an intact payload alone and replaces a damaged one', async () => {
    const store = openTestStore(await backend.root('idempotent'));
    await putCatalogPayload(store, QUERY, SOURCE);
    const etag = (await store.objects.get(catalogPayloadKey(QUERY))).etag;
    expect(await putCatalogPayload(store, QUERY, SOURCE)).toBe('present');
    expect((await store.objects.get(catalogPayloadKey(QUERY))).etag).toBe(etag);
    await store.objects.put(catalogPayloadKey(QUERY), bytesOf('tampered'));
    expect(await putCatalogPayload(store, QUERY, SOURCE)).toBe('replaced');
    expect(await verifyCatalogPayload(store, QUERY)).toEqual({ kind: 'verified', bytes: SOURCE });
  });

  it('refuses bytes that do not hash to the planned digest', async () => {
    const store = openTestStore(await backend.root('changed'));
    const error = await expectClusterError(
      putCatalogPayload(store, QUERY, bytesOf('edited since plan')),
      'resource_content_changed',
    );
    expect(error.diagnostic.path).toBe('query.knowledge.find_person');
    expect(await store.objects.head(catalogPayloadKey(QUERY))).toBeUndefined();
  });

  it('verifies a payload read-only: verified, missing, mismatched', async () => {
    const store = openTestStore(await backend.root('verify'));
    expect(await verifyCatalogPayload(store, POLICY)).toEqual({
      kind: 'failed',
      condition: 'payload_missing',
      diagnostic: {
        code: 'catalog_payload_missing',
        severity: 'warning',
        path: catalogPayloadKey(POLICY),
        message: expect.stringContaining('policy.base') as unknown,
      },
    });
    await putCatalogPayload(store, POLICY, SOURCE);
    expect(await verifyCatalogPayload(store, POLICY)).toEqual({
      kind: 'verified',
      bytes: SOURCE,
    });
    await store.objects.put(catalogPayloadKey(POLICY), bytesOf('tampered'));
    expect(await verifyCatalogPayload(store, POLICY)).toMatchObject({
      kind: 'failed',
      condition: 'payload_mismatch',
      diagnostic: { code: 'catalog_payload_mismatch', severity: 'warning' },
    });
    expect(textOf((await store.objects.get(catalogPayloadKey(POLICY))).bytes)).toBe('tampered');
  });

  it('reports storage failures: a failed read as an error, a failed write as resource_payload_write_error', async () => {
    const root = await backend.root('faults');
    await putCatalogPayload(openTestStore(root), QUERY, SOURCE);
    expect(await verifyCatalogPayload(faultyStore(root, ['get']), QUERY)).toMatchObject({
      kind: 'failed',
      condition: 'payload_read_error',
      diagnostic: { code: 'catalog_payload_read_error', severity: 'error' },
    });
    const error = await expectClusterError(
      putCatalogPayload(faultyStore(root, ['put']), POLICY, SOURCE),
      'resource_payload_write_error',
    );
    expect(error.code).toBe('transient');
  });

  it('refuses names and digests that cannot be keys', async () => {
    const store = openTestStore(await backend.root('names'));
    for (const payload of [
      { ...QUERY, graph: '../x' },
      { ...QUERY, name: 'a/b' },
      { ...POLICY, name: '' },
      { ...POLICY, digest: DIGEST.toUpperCase() },
    ]) {
      await expectClusterError(putCatalogPayload(store, payload, SOURCE), 'invalid_resource_id');
    }
  });
});

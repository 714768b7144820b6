import { expect, it } from 'vitest';
import {
  deleteRecoverySidecar,
  listRecoverySidecars,
  readRecoverySidecar,
  RECOVERIES_PREFIX,
  writeRecoverySidecar,
  type RecoverySidecar,
} from '../../../src/cluster/index.js';
import { newUlid } from '../../../src/util/ulid.js';
import {
  describeBackends,
  bytesOf,
  expectClusterError,
  faultyStore,
  openTestStore,
  textOf,
} from './cluster-backends.js';

const T0 = Date.parse('2026-06-11T12:00:00.000Z');

function sidecar(operationId: string, fields: Partial<RecoverySidecar> = {}): RecoverySidecar {
  return {
    schema_version: 1,
    operation_id: operationId,
    started_at: '2026-06-11T12:00:00.000Z',
    kind: 'schema_apply',
    graph_id: 'knowledge',
    graph_uri: 's3://bucket/brain/graphs/knowledge.omni',
    desired_schema_digest: 'd'.repeat(64),
    ...fields,
  };
}

describeBackends('recovery sidecars', (backend) => {
  it('round-trips a sidecar with every field at __cluster/recoveries/<operation_id>.json', async () => {
    const store = openTestStore(await backend.root('sidecar'));
    const id = newUlid(T0);
    const full = sidecar(id, {
      actor: 'andrew',
      kind: 'graph_delete',
      observed_manifest_version: 3,
      expected_manifest_version: 4,
      state_cas_base: `sha256:${'a'.repeat(64)}`,
      approval_id: newUlid(T0),
    });
    const written = await writeRecoverySidecar(store, full);
    expect(written).toMatchObject({ id, key: `${RECOVERIES_PREFIX}${id}.json`, record: full });
    expect(JSON.parse(textOf((await store.objects.get(written.key)).bytes))).toEqual(full);
    expect(await readRecoverySidecar(store, id)).toEqual(written);
    expect(await listRecoverySidecars(store)).toEqual([{ kind: 'ok', ...written }]);
  });

  it('lists sidecars in ULID order whatever order they were written in', async () => {
    const store = openTestStore(await backend.root('order'));
    const ids = [2, 0, 1].map((i) => newUlid(T0 + i * 1000));
    for (const id of ids) await writeRecoverySidecar(store, sidecar(id));
    const listed = await listRecoverySidecars(store);
    expect(listed.map((entry) => entry.id)).toEqual([...ids].sort());
  });

  it('never overwrites a sidecar of the same operation', async () => {
    const store = openTestStore(await backend.root('dup'));
    const id = newUlid();
    await writeRecoverySidecar(store, sidecar(id));
    const error = await expectClusterError(
      writeRecoverySidecar(store, sidecar(id, { graph_id: 'other' })),
      'recovery_sidecar_write_error',
    );
    expect(error.code).toBe('conflict');
    expect((await readRecoverySidecar(store, id))?.record.graph_id).toBe('knowledge');
  });

  it('keeps an unattributed sidecar readable, for serving to refuse it by name', async () => {
    const store = openTestStore(await backend.root('unattributed'));
    const id = newUlid();
    await writeRecoverySidecar(store, sidecar(id, { graph_id: '' }));
    expect((await readRecoverySidecar(store, id))?.record.graph_id).toBe('');
  });

  it('deletes a sidecar once retired; deleting an absent one succeeds', async () => {
    const store = openTestStore(await backend.root('delete'));
    const id = newUlid();
    await writeRecoverySidecar(store, sidecar(id));
    await deleteRecoverySidecar(store, id);
    expect(await readRecoverySidecar(store, id)).toBeUndefined();
    await deleteRecoverySidecar(store, id);
    expect(await listRecoverySidecars(store)).toEqual([]);
  });

  it('lists a bad sidecar as an error entry without hiding the good ones', async () => {
    const store = openTestStore(await backend.root('bad'));
    const ids = [0, 1, 2, 3, 4].map((i) => newUlid(T0 + i));
    const [good, notJson, newer, unknownField, wrongId] = ids as [
      string,
      string,
      string,
      string,
      string,
    ];
    await writeRecoverySidecar(store, sidecar(good));
    const put = (name: string, text: string) =>
      store.objects.put(`${RECOVERIES_PREFIX}${name}`, bytesOf(text));
    await put(`${notJson}.json`, '{');
    await put(`${newer}.json`, '{"schema_version":2}');
    await put(`${unknownField}.json`, JSON.stringify({ ...sidecar(unknownField), extra: 1 }));
    await put(`${wrongId}.json`, JSON.stringify(sidecar(good)));
    await put('notes.txt', 'hello');
    const listed = await listRecoverySidecars(store);
    expect(
      listed.map((entry) => [entry.id, entry.kind === 'ok' ? 'ok' : entry.error.diagnostic.code]),
    ).toEqual([
      [good, 'ok'],
      [notJson, 'invalid_recovery_sidecar'],
      [newer, 'unsupported_recovery_sidecar_version'],
      [unknownField, 'invalid_recovery_sidecar'],
      [wrongId, 'invalid_recovery_sidecar'],
      ['notes.txt', 'invalid_recovery_sidecar'],
    ]);
    await expectClusterError(readRecoverySidecar(store, wrongId), 'invalid_recovery_sidecar');
    await expectClusterError(
      readRecoverySidecar(store, newer),
      'unsupported_recovery_sidecar_version',
    );
  });

  it('reports storage failures with their codes', async () => {
    const root = await backend.root('faults');
    const id = newUlid();
    await writeRecoverySidecar(openTestStore(root), sidecar(id));
    const reads = faultyStore(root, ['get']);
    await expectClusterError(readRecoverySidecar(reads, id), 'recovery_sidecar_read_error');
    const [entry] = await listRecoverySidecars(reads);
    expect(entry?.kind === 'error' && entry.error.diagnostic.code).toBe(
      'recovery_sidecar_read_error',
    );
    await expectClusterError(
      listRecoverySidecars(faultyStore(root, ['list'])),
      'recovery_sidecar_read_error',
    );
    await expectClusterError(
      writeRecoverySidecar(faultyStore(root, ['put']), sidecar(newUlid())),
      'recovery_sidecar_write_error',
    );
    await expectClusterError(
      deleteRecoverySidecar(faultyStore(root, ['delete']), id),
      'recovery_sidecar_cleanup_failed',
    );
  });

  it('refuses an operation id that is not a ULID', async () => {
    const store = openTestStore(await backend.root('bad-id'));
    await expectClusterError(readRecoverySidecar(store, '../state'), 'invalid_resource_id');
  });
});

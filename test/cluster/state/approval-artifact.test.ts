import { expect, it } from 'vitest';
import {
  APPROVALS_PREFIX,
  listApprovals,
  markApprovalConsumed,
  readApproval,
  writeApproval,
  type ApprovalArtifact,
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

function approval(id: string, fields: Partial<ApprovalArtifact> = {}): ApprovalArtifact {
  return {
    schema_version: 1,
    approval_id: id,
    resource: 'graph.scratch',
    operation: 'delete',
    reason: 'graph removed from cluster.yaml',
    bound_config_digest: 'c'.repeat(64),
    bound_before_digest: 'b'.repeat(64),
    approved_by: 'andrew',
    created_at: '2026-06-11T12:00:00.000Z',
    ...fields,
  };
}

describeBackends('approval artifacts', (backend) => {
  it('round-trips an approval at __cluster/approvals/<approval_id>.json', async () => {
    const store = openTestStore(await backend.root('approval'));
    const id = newUlid(T0);
    const written = await writeApproval(
      store,
      approval(id, { bound_after_digest: 'a'.repeat(64) }),
    );
    expect(written.key).toBe(`${APPROVALS_PREFIX}${id}.json`);
    expect(JSON.parse(textOf((await store.objects.get(written.key)).bytes))).toEqual(
      written.record,
    );
    expect(await readApproval(store, id)).toEqual(written);
    expect(await listApprovals(store)).toEqual([{ kind: 'ok', ...written }]);
    expect(await readApproval(store, newUlid())).toBeUndefined();
  });

  it('rewrites a consumed approval in place, once', async () => {
    const store = openTestStore(await backend.root('consume'));
    const written = await writeApproval(store, approval(newUlid()));
    const consumption = {
      consumed_at: '2026-06-11T13:00:00.000Z',
      consumed_by_operation: newUlid(),
    };
    const consumed = await markApprovalConsumed(store, written, consumption);
    expect(consumed.record).toEqual({ ...written.record, ...consumption });
    expect(await readApproval(store, written.id)).toEqual(consumed);
    const error = await expectClusterError(
      markApprovalConsumed(store, written, consumption),
      'approval_write_error',
    );
    expect(error.code).toBe('conflict');
  });

  it('lists approvals in ULID order, a bad one as an error entry', async () => {
    const store = openTestStore(await backend.root('list'));
    const [first, second, third] = [0, 1, 2].map((i) => newUlid(T0 + i * 1000)) as [
      string,
      string,
      string,
    ];
    await writeApproval(store, approval(third));
    await store.objects.put(`${APPROVALS_PREFIX}${second}.json`, bytesOf('{"schema_version":2}'));
    await writeApproval(store, approval(first));
    const listed = await listApprovals(store);
    expect(
      listed.map((entry) => [entry.id, entry.kind === 'ok' ? 'ok' : entry.error.diagnostic.code]),
    ).toEqual([
      [first, 'ok'],
      [second, 'unsupported_approval_version'],
      [third, 'ok'],
    ]);
  });

  const corrupt: readonly [string, string][] = [
    ['not JSON', 'approve'],
    ['an unknown field', JSON.stringify({ ...approval('ID'), color: 'red' })],
    ['another operation', JSON.stringify(approval('ID', { operation: 'update' as 'delete' }))],
    ['a missing approved_by', JSON.stringify({ ...approval('ID'), approved_by: undefined })],
    [
      'a bound digest that is not a digest',
      JSON.stringify(approval('ID', { bound_config_digest: 'abc' })),
    ],
  ];
  for (const [what, text] of corrupt) {
    it(`reports an approval with ${what} as invalid_approval_artifact`, async () => {
      const store = openTestStore(await backend.root('corrupt'));
      const id = newUlid();
      await store.objects.put(
        `${APPROVALS_PREFIX}${id}.json`,
        bytesOf(text.replaceAll('"ID"', `"${id}"`)),
      );
      const error = await expectClusterError(readApproval(store, id), 'invalid_approval_artifact');
      expect(error.code).toBe('permanent');
    });
  }

  it('reports storage failures with their codes', async () => {
    const root = await backend.root('faults');
    const written = await writeApproval(openTestStore(root), approval(newUlid()));
    await expectClusterError(
      readApproval(faultyStore(root, ['get']), written.id),
      'approval_read_error',
    );
    await expectClusterError(listApprovals(faultyStore(root, ['list'])), 'approval_read_error');
    await expectClusterError(
      writeApproval(faultyStore(root, ['put']), approval(newUlid())),
      'approval_write_error',
    );
    await expectClusterError(
      markApprovalConsumed(faultyStore(root, ['put']), written, {
        consumed_at: '2026-06-11T13:00:00.000Z',
        consumed_by_operation: 'apply',
      }),
      'approval_write_error',
    );
  });
});

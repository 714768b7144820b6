import { beforeAll, expect, it } from 'vitest';
import { Omnigraph } from '../../../src/engine/index.js';
import {
  STATE_KEY,
  applyCluster,
  importCluster,
  planCluster,
  readState,
  refreshCluster,
  writeApproval,
} from '../../../src/cluster/index.js';
import { newUlid } from '../../../src/util/ulid.js';
import { testSettings } from '../../helpers/s3-env.js';
import { describeBackends } from '../state/cluster-backends.js';
import { PEOPLE_PG } from '../config/cluster-dir.js';
import { TestCluster, changeLines, codes, expectOk } from './cluster-fixture.js';

/** {@link PEOPLE_PG} as someone changed it out of band. */
const PEOPLE_PG_OUT_OF_BAND = PEOPLE_PG.replace(
  '    age: I32?\n',
  '    age: I32?\n    nickname: String?\n',
);

describeBackends('refresh and import', (backend) => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await TestCluster.create(backend, 'sync');
    expectOk(await importCluster(cluster.options()));
    expectOk(await applyCluster(cluster.options()));
  });

  it('refuses a second import', async () => {
    const again = await importCluster(cluster.options());
    expect(again.ok).toBe(false);
    expect(codes(again)).toContain('state_already_exists');
  });

  it('finds schema drift, plans the migration back, and apply converges', async () => {
    const graph = await Omnigraph.open(cluster.store().graphUri('knowledge'), {
      settings: testSettings(),
    });
    await graph.applySchema({ schema_source: PEOPLE_PG_OUT_OF_BAND });
    await graph.close();

    const refreshed = await refreshCluster(cluster.options());
    expectOk(refreshed);
    expect(refreshed.operation).toBe('refresh');
    expect(refreshed.resource_statuses['schema.knowledge']).toMatchObject({
      status: 'drifted',
      conditions: ['schema_mismatch'],
    });
    expect(refreshed.observations['graph.knowledge']).toMatchObject({
      kind: 'graph',
      exists: true,
      schema_matches_desired: false,
    });
    expect(refreshed.state_observations?.applied_config_digest).toBeUndefined();

    const plan = await planCluster(cluster.options());
    expect(changeLines(plan)).toEqual([
      'update graph.knowledge derived',
      'update schema.knowledge applied',
    ]);
    const steps = JSON.stringify(plan.changes[1]?.migration?.steps);
    expect(steps).toContain('nickname');

    const applied = await applyCluster(cluster.options());
    expectOk(applied);
    expect(applied.converged).toBe(true);
    expect(applied.resource_statuses['schema.knowledge']?.status).toBe('applied');
    const again = await refreshCluster(cluster.options());
    expect(again.observations['graph.knowledge']).toMatchObject({ schema_matches_desired: true });
    expect(again.resource_statuses['schema.knowledge']?.status).toBe('applied');
    expect(changeLines(await planCluster(cluster.options()))).toEqual([]);
  });

  it('self-heals a lost catalog payload', async () => {
    const store = cluster.store();
    const digest = (await planCluster(cluster.options())).resource_digests['policy.base'] ?? '';
    await store.objects.delete(`__cluster/resources/policy/base/${digest}.yaml`);
    const refreshed = await refreshCluster(cluster.options());
    expect(codes(refreshed)).toContain('catalog_payload_missing');
    expect(refreshed.resource_statuses['policy.base']).toMatchObject({
      status: 'drifted',
      conditions: ['payload_missing'],
    });
    expect(changeLines(await planCluster(cluster.options()))).toEqual([
      'create policy.base applied',
    ]);
    expectOk(await applyCluster(cluster.options()));
    expect(codes(await refreshCluster(cluster.options()))).not.toContain('catalog_payload_missing');
  });

  it('rebuilds a lost ledger with import; the next apply converges onto the same catalog', async () => {
    const store = cluster.store();
    const before = await readState(store);
    if (before.kind !== 'present') throw new Error('no ledger');
    const approvalId = newUlid();
    await writeApproval(store, {
      schema_version: 1,
      approval_id: approvalId,
      resource: 'graph.gone',
      operation: 'delete',
      reason: 'test',
      bound_config_digest: '0'.repeat(64),
      approved_by: 'andrew',
      created_at: new Date().toISOString(),
      consumed_at: new Date().toISOString(),
      consumed_by_operation: newUlid(),
    });
    await store.objects.delete(STATE_KEY);

    const imported = await importCluster(cluster.options());
    expectOk(imported);
    expect(imported.operation).toBe('import');
    expect(imported.resource_digests).toEqual(
      Object.fromEntries(
        Object.entries(before.state.applied_revision.resources).map(([a, e]) => [a, e.digest]),
      ),
    );
    const after = await readState(store);
    expect(after.kind === 'present' && after.state.approval_records[approvalId]).toBeTruthy();
    const applied = await applyCluster(cluster.options());
    expectOk(applied);
    expect(applied.changes).toEqual([]);
    expect(applied.converged).toBe(true);
    const rebuilt = await readState(store);
    expect(rebuilt.kind === 'present' && rebuilt.state.applied_revision).toEqual(
      before.state.applied_revision,
    );
  });
});

import { beforeAll, expect, it } from 'vitest';
import {
  applyCluster,
  approveCluster,
  importCluster,
  listApprovals,
  listRecoverySidecars,
  planCluster,
  readState,
  verifyCatalogPayload,
  type ClusterState,
} from '../../../src/cluster/index.js';
import { describeBackends } from '../state/cluster-backends.js';
import { PEOPLE_GQ } from '../config/cluster-dir.js';
import {
  PEOPLE_GQ_V2,
  PEOPLE_PG_V2,
  TestCluster,
  changeLines,
  clusterYaml,
  codes,
  expectOk,
} from './cluster-fixture.js';

async function ledger(cluster: TestCluster): Promise<ClusterState> {
  const read = await readState(cluster.store());
  if (read.kind !== 'present') throw new Error('no ledger');
  return read.state;
}

// One cluster per backend walks the whole day-1 / day-2 lifecycle, step by step.
describeBackends('cluster lifecycle', (backend) => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await TestCluster.create(backend, 'lifecycle');
  });

  it('plans everything as a create without a ledger, and apply needs one', async () => {
    const plan = await planCluster(cluster.options());
    expectOk(plan);
    expect(plan.state_observations?.state_found).toBe(false);
    expect(plan.state_observations?.lock_acquired).toBe(true);
    expect(changeLines(plan)).toEqual([
      'create graph.knowledge applied',
      'create graph.notes applied',
      'create policy.base applied',
      'create query.knowledge.adults applied',
      'create query.knowledge.find_person applied',
      'create schema.knowledge applied',
      'create schema.notes applied',
    ]);
    expect(plan.blast_radius).toContainEqual({
      resource: 'graph.knowledge',
      affected: [
        'policy.base',
        'query.knowledge.adults',
        'query.knowledge.find_person',
        'schema.knowledge',
      ],
    });
    const refused = await applyCluster(cluster.options());
    expect(refused.ok).toBe(false);
    expect(codes(refused)).toContain('state_missing');
  });

  it('creates a two-graph cluster with its queries and policy (day 1)', async () => {
    expectOk(await importCluster(cluster.options()));
    const applied = await applyCluster({ ...cluster.options(), actor: 'andrew' });
    expectOk(applied);
    expect(applied.converged).toBe(true);
    expect(applied.state_written).toBe(true);
    expect(applied.applied_count).toBe(7);
    expect(applied.actor).toBe('andrew');
    const state = await ledger(cluster);
    expect(state.applied_revision.config_digest).toBe(applied.desired_revision.config_digest);
    expect(Object.keys(state.applied_revision.resources).sort()).toEqual([
      'graph.knowledge',
      'graph.notes',
      'policy.base',
      'query.knowledge.adults',
      'query.knowledge.find_person',
      'schema.knowledge',
      'schema.notes',
    ]);
    expect(state.applied_revision.resources['policy.base']?.applies_to).toEqual([
      'graph.knowledge',
    ]);
    expect(Object.values(state.resource_statuses).every((s) => s.status === 'applied')).toBe(true);
    expect(await listRecoverySidecars(cluster.store())).toEqual([]);
    const plan = await planCluster(cluster.options());
    const query = plan.resource_digests['query.knowledge.adults'] ?? '';
    const payload = { kind: 'query', graph: 'knowledge', name: 'adults', digest: query } as const;
    expect((await verifyCatalogPayload(cluster.store(), payload)).kind).toBe('verified');
  });

  it('re-applies as a no-op', async () => {
    const before = await ledger(cluster);
    const again = await applyCluster(cluster.options());
    expectOk(again);
    expect(again.changes).toEqual([]);
    expect(again.converged).toBe(true);
    expect(again.state_written).toBe(false);
    expect((await ledger(cluster)).state_revision).toBe(before.state_revision);
  });

  it('plans a schema update with the engine migration steps, and applies it', async () => {
    await cluster.write({ 'people.pg': PEOPLE_PG_V2 });
    const plan = await planCluster(cluster.options());
    expectOk(plan);
    expect(changeLines(plan)).toEqual([
      'update graph.knowledge derived',
      'update schema.knowledge applied',
    ]);
    const schema = plan.changes.find((c) => c.resource === 'schema.knowledge');
    expect(schema?.migration?.supported).toBe(true);
    expect(JSON.stringify(schema?.migration?.steps)).toContain('email');
    const applied = await applyCluster(cluster.options());
    expectOk(applied);
    expect(applied.converged).toBe(true);
    const state = await ledger(cluster);
    expect(state.applied_revision.resources['schema.knowledge']?.digest).toBe(
      plan.resource_digests['schema.knowledge'],
    );
    expect(state.applied_revision.resources['graph.knowledge']?.digest).toBe(
      plan.resource_digests['graph.knowledge'],
    );
    expect(changeLines(await planCluster(cluster.options()))).toEqual([]);
  });

  it('publishes an updated query file', async () => {
    await cluster.write({ 'queries/people.gq': PEOPLE_GQ_V2 });
    const plan = await planCluster(cluster.options());
    expect(changeLines(plan)).toEqual([
      'update graph.knowledge derived',
      'update query.knowledge.adults applied',
      'create query.knowledge.everyone applied',
      'update query.knowledge.find_person applied',
    ]);
    const applied = await applyCluster(cluster.options());
    expectOk(applied);
    expect(applied.converged).toBe(true);
    expect(changeLines(await planCluster(cluster.options()))).toEqual([]);
    await cluster.write({ 'queries/people.gq': PEOPLE_GQ });
    expectOk(await applyCluster(cluster.options()));
  });

  it('blocks a graph delete until approved; a config change makes the approval stale', async () => {
    await cluster.write({ 'cluster.yaml': clusterYaml(cluster.root, { notes: false }) });
    const blocked = await applyCluster(cluster.options());
    expectOk(blocked);
    expect(changeLines(blocked)).toEqual([
      'delete graph.notes blocked/approval_required',
      'delete schema.notes blocked/approval_required',
    ]);
    expect(blocked.converged).toBe(false);
    expect(blocked.resource_statuses['graph.notes']).toEqual({
      status: 'blocked',
      conditions: ['approval_required'],
    });
    expect(await cluster.store().graphRootExists('notes')).toBe(true);

    const approved = await approveCluster({
      ...cluster.options(),
      resource: 'graph.notes',
      actor: 'andrew',
    });
    expectOk(approved);
    expect(approved).toMatchObject({
      resource: 'graph.notes',
      operation: 'delete',
      approved_by: 'andrew',
    });
    const plan = await planCluster(cluster.options());
    expect(plan.approvals_required).toEqual([
      { resource: 'graph.notes', reason: expect.any(String) as string, satisfied: true },
    ]);

    // Any config movement invalidates it.
    await cluster.write({ 'queries/people.gq': PEOPLE_GQ_V2 });
    const stale = await planCluster(cluster.options());
    expect(codes(stale)).toContain('approval_stale');
    expect(stale.approvals_required[0]?.satisfied).toBe(false);
    const notApplied = await applyCluster(cluster.options());
    expect(changeLines(notApplied)).toContain('delete graph.notes blocked/approval_required');
    expect(await cluster.store().graphRootExists('notes')).toBe(true);

    const notRequired = await approveCluster({
      ...cluster.options(),
      resource: 'query.knowledge.adults',
      actor: 'andrew',
    });
    expect(codes(notRequired)).toEqual(['approval_not_required']);
  });

  it('executes an approved delete: root removed, subtree tombstoned, approval consumed', async () => {
    const approved = await approveCluster({
      ...cluster.options(),
      resource: 'notes',
      actor: 'bruno',
    });
    expectOk(approved);
    const applied = await applyCluster({ ...cluster.options(), actor: 'bruno' });
    expectOk(applied);
    expect(changeLines(applied)).toEqual([
      'delete graph.notes applied',
      'delete schema.notes applied',
    ]);
    expect(applied.converged).toBe(true);
    expect(await cluster.store().graphRootExists('notes')).toBe(false);
    const state = await ledger(cluster);
    expect(state.applied_revision.resources['graph.notes']).toBeUndefined();
    expect(state.applied_revision.resources['schema.notes']).toBeUndefined();
    expect(state.resource_statuses['graph.notes']).toBeUndefined();
    expect(state.observations['graph.notes']).toMatchObject({
      kind: 'tombstone',
      approval_id: approved.approval_id,
      actor: 'bruno',
    });
    const id = approved.approval_id ?? '';
    expect(state.approval_records[id]?.consumed_at).toBeDefined();
    const artifacts = await listApprovals(cluster.store());
    const artifact = artifacts.find((a) => a.id === id);
    expect(artifact?.kind === 'ok' && artifact.record.consumed_at).toBeTruthy();
    expect((await applyCluster(cluster.options())).state_written).toBe(false);
  });
});

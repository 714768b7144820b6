import { beforeAll, expect, it } from 'vitest';
import {
  APPLY_FAILPOINTS,
  applyCluster,
  approveCluster,
  forceUnlock,
  importCluster,
  listRecoverySidecars,
  planCluster,
  readLock,
  readState,
  type ApplyFailpoint,
} from '../../../src/cluster/index.js';
import { FAILPOINT_EXIT_CODE } from '../../../src/engine/protocol/failpoints.js';
import { describeBackends, type Backend } from '../state/cluster-backends.js';
import {
  NOTES_PG,
  PEOPLE_PG_V2,
  TestCluster,
  clusterYaml,
  codes,
  expectOk,
} from './cluster-fixture.js';
import { applyInChild, type ChildApply } from './run-child.js';

/**
 * A cluster whose next apply reaches every apply failpoint: it creates graph `extra`, migrates
 * `knowledge`, deletes the approved `notes`, and writes the ledger.
 */
async function crashableCluster(backend: Backend, label: string): Promise<TestCluster> {
  const cluster = await TestCluster.create(backend, label);
  expectOk(await importCluster(cluster.options()));
  expectOk(await applyCluster(cluster.options()));
  const yaml = clusterYaml(cluster.root, { notes: false }).replace(
    'policies:',
    '  extra:\n    schema: extra.pg\npolicies:',
  );
  await cluster.write({ 'cluster.yaml': yaml, 'extra.pg': NOTES_PG, 'people.pg': PEOPLE_PG_V2 });
  expectOk(
    await approveCluster({ ...cluster.options(), resource: 'graph.notes', actor: 'andrew' }),
  );
  return cluster;
}

/** What each crash leaves for the next apply's sweep to report. */
const SWEEP_FINDS: Record<ApplyFailpoint, readonly string[]> = {
  'cluster_apply.before_graph_create': [],
  'cluster_apply.after_graph_create': ['cluster_recovery_rolled_forward'],
  'cluster_apply.before_schema_apply': [],
  'cluster_apply.after_schema_apply': ['cluster_recovery_rolled_forward'],
  'cluster_apply.before_graph_delete': ['graph_delete_incomplete'],
  'cluster_apply.after_graph_delete': ['cluster_recovery_rolled_forward'],
  'cluster_apply.before_state_write': ['cluster_recovery_rolled_forward'],
  'cluster_apply.after_state_write': [],
};

async function expectConverged(cluster: TestCluster, failpoint: ApplyFailpoint): Promise<void> {
  const store = cluster.store();
  const lock = await readLock(store);
  expect(lock, 'a crashed apply leaves its lock').toBeDefined();
  const held = await applyCluster(cluster.options());
  expect(codes(held)).toContain('state_lock_held');
  await forceUnlock(store, lock?.lock_id ?? '');
  // Read-only commands only warn about the sidecars the crash left.
  expect((await listRecoverySidecars(store)).length).toBeGreaterThan(0);
  const preview = await planCluster(cluster.options());
  expect(codes(preview)).toContain('cluster_recovery_pending');

  const next = await applyCluster(cluster.options());
  expectOk(next);
  expect(next.converged).toBe(true);
  for (const code of SWEEP_FINDS[failpoint]) expect(codes(next)).toContain(code);
  // Nothing moved twice: a repeated create or delete would have failed this run.
  expect(
    next.changes.every((c) => c.disposition === 'applied' || c.disposition === 'derived'),
  ).toBe(true);
  expect(await listRecoverySidecars(store)).toEqual([]);
  expect(await store.graphRootExists('notes')).toBe(false);
  const plan = await planCluster(cluster.options());
  expect(plan.changes).toEqual([]);
  const read = await readState(store);
  if (read.kind !== 'present') throw new Error('no ledger');
  const { state } = read;
  expect(state.applied_revision.config_digest).toBe(plan.desired_revision.config_digest);
  expect(Object.values(state.approval_records)).toHaveLength(1);
  expect(state.observations['graph.notes']?.kind).toBe('tombstone');
  expect(Object.values(state.resource_statuses).every((s) => s.status === 'applied')).toBe(true);
}

function expectCrashed(child: ChildApply, failpoint: string): void {
  expect(child.code, child.stderr).toBe(FAILPOINT_EXIT_CODE);
  expect(child.stderr).toContain(`failpoint ${failpoint} reached`);
}

// Every point on the local backend; on S3 (slower) the three whose recovery differs most: a
// create and a migration to roll forward, and a whole run whose ledger write never happened.
const S3_FAILPOINTS: readonly ApplyFailpoint[] = [
  'cluster_apply.after_graph_create',
  'cluster_apply.after_schema_apply',
  'cluster_apply.before_state_write',
];

describeBackends('apply crashes', (backend) => {
  const failpoints = backend.name === 's3' ? S3_FAILPOINTS : APPLY_FAILPOINTS;
  const clusters = new Map<ApplyFailpoint, TestCluster>();
  const crashes = new Map<ApplyFailpoint, ChildApply>();

  beforeAll(async () => {
    await Promise.all(
      failpoints.map(async (failpoint) => {
        const label = failpoint.split('.')[1] ?? 'crash';
        clusters.set(failpoint, await crashableCluster(backend, label));
      }),
    );
    // The children start slowly (module load); crash them all at once.
    const runs = failpoints.map(async (failpoint) => {
      const cluster = clusters.get(failpoint);
      if (cluster) crashes.set(failpoint, await applyInChild(cluster.configDir, { failpoint }));
    });
    await Promise.all(runs);
  }, 180_000);

  for (const failpoint of failpoints) {
    it(`recovers from a crash at ${failpoint}`, async () => {
      const cluster = clusters.get(failpoint);
      const crash = crashes.get(failpoint);
      if (!cluster || !crash) throw new Error('setup failed');
      expectCrashed(crash, failpoint);
      await expectConverged(cluster, failpoint);
    });
  }

  it('lets exactly one of two concurrent applies in two processes run', async () => {
    const cluster = await crashableCluster(backend, 'race');
    // Both children load first, then are released together.
    let ready = 0;
    const releases: (() => void)[] = [];
    const onReady = (go: () => void) => {
      releases.push(go);
      ready += 1;
      if (ready === 2) for (const release of releases) release();
    };
    const [a, b] = await Promise.all([
      applyInChild(cluster.configDir, { onReady }),
      applyInChild(cluster.configDir, { onReady }),
    ]);
    type Outcome = { ok: boolean; applied: number; codes: string[] };
    const outcomes = [a, b].map((child) => JSON.parse(child.stdout) as Outcome);
    const winners = outcomes.filter((o) => o.ok);
    const losers = outcomes.filter((o) => !o.ok);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(winners[0]?.applied).toBeGreaterThan(0);
    expect(
      losers[0]?.codes.some((c) => c === 'state_lock_held' || c === 'state_cas_mismatch'),
    ).toBe(true);
    const read = await readState(cluster.store());
    expect(read.kind).toBe('present');
    expect(await readLock(cluster.store())).toBeUndefined();
    expect((await planCluster(cluster.options())).changes).toEqual([]);
  });
});

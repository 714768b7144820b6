import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { acquireLock, openClusterStore } from '../../../src/cluster/index.js';
import { writeClusterDir } from '../config/cluster-dir.js';
import {
  codesOf,
  omnigraph,
  omnigraphJson,
  ONE_GRAPH_YAML,
  writeCluster,
  type WireDiagnostic,
} from './cluster-cli.js';

interface Output {
  ok: boolean;
  diagnostics: WireDiagnostic[];
  [field: string]: unknown;
}

interface Change {
  resource: string;
  operation: string;
  disposition?: string;
  reason?: string;
}

// One cluster taken through its life, step by step: the steps depend on one another.
describe('omnigraph cluster, from an empty directory to a deleted graph', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await writeCluster();
  });

  it('validate prints the resources, or every diagnostic and fails', async () => {
    const human = await omnigraph('cluster', 'validate', '--config', dir);
    expect(human).toEqual({
      code: 0,
      out: `cluster validate: 8 resources in ${path.join(dir, 'cluster.yaml')}\n`,
      err: '',
    });
    const { code, json } = await omnigraphJson<Output>('cluster', 'validate', '--config', dir);
    expect(code).toBe(0);
    expect(json).toMatchObject({ ok: true, config_dir: dir, diagnostics: [] });
  });

  it('reports a bad config as diagnostics with exit 1, never as a crash', async () => {
    const broken = await writeClusterDir({ 'cluster.yaml': 'version: 2\nstorage: ./store\n' });
    const failed = await omnigraph('cluster', 'validate', '--config', broken);
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(
      /^error\[unsupported_cluster_config_version\] cluster\.yaml:1:\d+: .+\ncluster validate failed\n$/,
    );
    const missing = await omnigraphJson<Output>('cluster', 'plan', '--config', `${broken}-nope`);
    expect(missing.code).toBe(1);
    expect(codesOf(missing.json)).toEqual(['config_dir_not_found']);
  });

  it('status without a ledger succeeds with a state_missing warning', async () => {
    const human = await omnigraph('cluster', 'status', '--config', dir);
    expect(human.code).toBe(0);
    expect(human.out).toBe(
      [
        `state: none at ${path.join(dir, 'store/__cluster/state.json')}`,
        'lock: none',
        `warning[state_missing] __cluster/state.json: no state ledger at ${path.join(dir, 'store/__cluster/state.json')}: nothing has been applied; run \`omnigraph cluster import\` to create it`,
        '',
      ].join('\n'),
    );
    const { json } = await omnigraphJson<Output>('cluster', 'status', '--config', dir);
    expect(json).toMatchObject({
      ok: true,
      resource_digests: {},
      state_observations: { state_found: false, locked: false, state_revision: 0 },
    });
  });

  it('plan without a ledger proposes creating everything; apply needs import first', async () => {
    const plan = await omnigraph('cluster', 'plan', '--config', dir);
    expect(plan.code).toBe(0);
    expect(plan.out).toBe(
      [
        'cluster plan: 8 change(s)',
        '  Create graph.people',
        '  Create graph.scratch',
        '  Create policy.base',
        '  Create policy.server',
        '  Create query.people.adults',
        '  Create query.people.find_person',
        '  Create schema.people',
        '  Create schema.scratch',
        '',
      ].join('\n'),
    );
    const apply = await omnigraph('cluster', 'apply', '--config', dir);
    expect(apply.code).toBe(1);
    expect(apply.out).toMatch(/^error\[state_missing\] .+\ncluster apply failed\n$/);
  });

  it('import creates the ledger once', async () => {
    const imported = await omnigraphJson<Output>('cluster', 'import', '--config', dir);
    expect(imported.code).toBe(0);
    expect(imported.json).toMatchObject({ ok: true, operation: 'import' });
    const again = await omnigraph('cluster', 'import', '--config', dir);
    expect(again.code).toBe(1);
    expect(again.out).toContain('error[state_already_exists]');
    expect(again.out).toMatch(/cluster import failed\n$/);
  });

  it('apply converges with the actor recorded, and a second plan has no changes', async () => {
    const apply = await omnigraph('cluster', 'apply', '--config', dir, '--as', 'act-andrew');
    expect(apply.code).toBe(0);
    expect(apply.out.split('\n')).toEqual([
      'cluster apply as act-andrew: 8 change(s)',
      '  Create graph.people [Applied]',
      '  Create graph.scratch [Applied]',
      '  Create policy.base [Applied]',
      '  Create policy.server [Applied]',
      '  Create query.people.adults [Applied]',
      '  Create query.people.find_person [Applied]',
      '  Create schema.people [Applied]',
      '  Create schema.scratch [Applied]',
      'applied: 8, deferred: 0, converged: yes, state written: yes',
      '',
    ]);
    const plan = await omnigraph('cluster', 'plan', '--config', dir);
    expect(plan).toEqual({ code: 0, out: 'cluster plan: 0 change(s)\n  no changes\n', err: '' });
    const noop = await omnigraphJson<Output>('cluster', 'apply', '--config', dir);
    expect(noop.json).toMatchObject({ ok: true, converged: true, state_written: false });
  });

  it('refuses --as on verbs that record no actor (usage, exit 2)', async () => {
    const run = await omnigraph('cluster', 'plan', '--config', dir, '--as', 'act-andrew');
    expect(run.code).toBe(2);
    expect(run.err).toContain('`cluster plan` is a control command; --as names the actor');
  });

  it('status and refresh show the ledger, statuses and observations', async () => {
    const refresh = await omnigraph('cluster', 'refresh', '--config', dir);
    expect(refresh.code).toBe(0);
    expect(refresh.out).toContain('  graph.people: exists, manifest v1, schema matches\n');
    expect(refresh.out).toMatch(/^lock: taken by this run \(lock \w+\) and released$/m);
    const status = await omnigraph('cluster', 'status', '--config', dir);
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/^state: .+state\.json \(revision 3, 8 resources\)\nlock: none\n/);
    expect(status.out).toContain('resources: 8 applied\n  graph.people: applied\n');
    expect(status.out).toContain('observations:\n  graph.people: exists');
    const { json } = await omnigraphJson<Output>('cluster', 'status', '--config', dir);
    expect(Object.keys(json).sort()).toEqual([
      'config_dir',
      'diagnostics',
      'observations',
      'ok',
      'resource_digests',
      'resource_statuses',
      'state_observations',
    ]);
    expect(json).toMatchObject({ ok: true, diagnostics: [] });
  });

  it('status verifies catalog payloads read-only: missing and damaged are warnings', async () => {
    const catalog = path.join(dir, 'store/__cluster/resources/policy/base');
    const [blob] = await readdir(catalog);
    await writeFile(path.join(catalog, blob ?? ''), 'tampered');
    const damaged = await omnigraphJson<Output>('cluster', 'status', '--config', dir);
    expect(damaged.code).toBe(0);
    expect(codesOf(damaged.json)).toEqual(['catalog_payload_mismatch']);
    await rm(path.join(catalog, blob ?? ''));
    const missing = await omnigraph('cluster', 'status', '--config', dir);
    expect(missing.code).toBe(0);
    expect(missing.out).toMatch(
      /^warning\[catalog_payload_missing\] __cluster\/resources\/policy\/base\/\w+\.yaml: /m,
    );
    // apply heals the catalog: the payload is written again.
    await omnigraph('cluster', 'refresh', '--config', dir);
    await omnigraph('cluster', 'apply', '--config', dir);
    const healed = await omnigraphJson<Output>('cluster', 'status', '--config', dir);
    expect(codesOf(healed.json)).toEqual([]);
  });

  it('a held lock shows in status, fails plan, and only its exact id removes it', async () => {
    const store = openClusterStore(path.join(dir, 'store'));
    const lock = await acquireLock(store, 'apply', { pid: 4242 });
    const status = await omnigraph('cluster', 'status', '--config', dir);
    expect(status.out).toMatch(
      new RegExp(
        `^lock: held by apply \\(lock ${lock.lock_id}, pid 4242, since ${lock.created_at}, \\d+s\\)$`,
        'm',
      ),
    );
    const plan = await omnigraphJson<Output>('cluster', 'plan', '--config', dir);
    expect(plan.code).toBe(1);
    expect(codesOf(plan.json)).toContain('state_lock_held');

    const wrong = await omnigraph(
      'cluster',
      'force-unlock',
      '01ARZ3NDEKTSV4RRFFQ69G5FAV',
      '--config',
      dir,
    );
    expect(wrong.code).toBe(1);
    expect(wrong.out).toMatch(/^error\[state_lock_id_mismatch\] __cluster\/lock\.json: /m);
    expect(wrong.out).toMatch(/cluster force-unlock failed\n$/);

    const right = await omnigraph('cluster', 'force-unlock', lock.lock_id, '--config', dir);
    expect(right.code).toBe(0);
    expect(right.out).toMatch(
      new RegExp(
        `^cluster force-unlock: removed lock ${lock.lock_id}\\nstate: .+\\nlock: none\\n$`,
      ),
    );

    const again = await omnigraphJson<Output>(
      'cluster',
      'force-unlock',
      lock.lock_id,
      '--config',
      dir,
    );
    expect(again.code).toBe(1);
    expect(again.json).toMatchObject({ ok: false, lock_removed: false });
    expect(codesOf(again.json)).toEqual(['state_lock_missing']);
  });

  it('a removed graph waits for an approval bound to it, then apply deletes it', async () => {
    await writeFile(path.join(dir, 'cluster.yaml'), ONE_GRAPH_YAML);
    const plan = await omnigraph('cluster', 'plan', '--config', dir);
    expect(plan.code).toBe(0);
    expect(plan.out).toContain('  Delete graph.scratch [Blocked: approval_required]\n');
    expect(plan.out).toContain('  approval required: graph.scratch (');

    const blocked = await omnigraphJson<Output & { changes: Change[] }>(
      'cluster',
      'apply',
      '--config',
      dir,
    );
    expect(blocked.code).toBe(0);
    expect(blocked.json.changes.find((c) => c.resource === 'graph.scratch')).toMatchObject({
      disposition: 'blocked',
      reason: 'approval_required',
    });

    const anonymous = await omnigraph('cluster', 'approve', 'graph.scratch', '--config', dir);
    expect(anonymous.code).toBe(2);
    expect(anonymous.err).toContain('pass --as <actor>');

    const approve = await omnigraph(
      'cluster',
      'approve',
      'graph.scratch',
      '--config',
      dir,
      '--as',
      'andrew',
    );
    expect(approve.code).toBe(0);
    expect(approve.out).toMatch(
      /^cluster approve: delete graph\.scratch approved by andrew \(approval [0-9A-HJKMNP-TV-Z]{26}\)\n$/,
    );
    const notGated = await omnigraphJson<Output>(
      'cluster',
      'approve',
      'graph.people',
      '--config',
      dir,
      '--as',
      'andrew',
    );
    expect(notGated.code).toBe(1);
    expect(codesOf(notGated.json)).toContain('approval_not_required');

    const apply = await omnigraph('cluster', 'apply', '--config', dir, '--as', 'andrew');
    expect(apply.code).toBe(0);
    expect(apply.out).toContain('  Delete graph.scratch [Applied]\n');
    const status = await omnigraph('cluster', 'status', '--config', dir);
    expect(status.out).toMatch(/^ {2}graph\.scratch: deleted /m);
  });
});

import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import {
  acquireLock,
  catalogPayloadKey,
  readState,
  writeRecoverySidecar,
  type ClusterStore,
  type Diagnostic,
} from '../../../src/cluster/index.js';
import { Omnigraph } from '../../../src/engine/index.js';
import {
  bootCluster,
  createServer,
  isClusterBootError,
  loadAuthConfig,
  type BootedCluster,
} from '../../../src/server/index.js';
import { newUlid } from '../../../src/util/ulid.js';
import { testSettings } from '../../helpers/s3-env.js';
import { freshTempDir } from '../../helpers/temp-dir.js';
import {
  ADMIN_TOKEN,
  appliedCluster,
  callAsAdmin,
  jsonOf,
  PEOPLE_PG,
  putRaw,
  type AppliedCluster,
} from './boot-fixture.js';

const settings = testSettings();

async function fresh(label: string, options: { empty?: boolean } = {}): Promise<AppliedCluster> {
  return appliedCluster(await freshTempDir(`boot-${label}`), options);
}

/** The diagnostics of a boot that must be refused. */
async function refused(source: string, options: { requireAllGraphs?: boolean } = {}) {
  try {
    const booted = await bootCluster(source, { settings, ...options });
    await booted.registry.close();
  } catch (error) {
    if (!isClusterBootError(error)) throw error;
    return { message: error.message, diagnostics: error.diagnostics };
  }
  throw new Error('the boot was not refused');
}

function codes(diagnostics: readonly Diagnostic[], severity: 'error' | 'warning'): string[] {
  return diagnostics.filter((d) => d.severity === severity).map((d) => d.code);
}

function pendingSidecar(store: ClusterStore, graphId: string) {
  return writeRecoverySidecar(store, {
    schema_version: 1,
    operation_id: newUlid(),
    started_at: new Date().toISOString(),
    kind: 'schema_apply',
    graph_id: graphId,
    graph_uri: graphId === '' ? '' : store.graphUri(graphId),
    desired_schema_digest: '0'.repeat(64),
  });
}

/** Serves a booted cluster on loopback with the admin token; closes it after `fn`. */
async function serving(booted: BootedCluster, fn: (url: string) => Promise<void>): Promise<void> {
  const auth = await loadAuthConfig({ tokensJson: JSON.stringify({ 'act-admin': ADMIN_TOKEN }) });
  const app = createServer({ registry: booted.registry, auth, logger: pino({ level: 'silent' }) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    await fn(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
  } finally {
    await app.close();
  }
}

describe('fatal boot diagnostics', () => {
  it('refuses a root without a ledger', async () => {
    const root = await freshTempDir('boot-no-ledger');
    const { message, diagnostics } = await refused(`file://${root}`);
    expect(codes(diagnostics, 'error')).toEqual(['cluster_state_missing']);
    expect(message).toMatch(
      /^cannot serve the cluster: cluster_state_missing: no state ledger at /,
    );
  });

  it('refuses a damaged catalog payload, a ledger with no graphs, and bad sidecars', async () => {
    const cluster = await fresh('fatal');
    const read = await readState(cluster.store);
    if (read.kind !== 'present') throw new Error('no ledger');
    const digest = read.state.applied_revision.resources['query.people.find_person']?.digest ?? '';
    const key = catalogPayloadKey({ kind: 'query', graph: 'people', name: 'find_person', digest });
    const original = new TextDecoder().decode((await cluster.store.objects.get(key)).bytes);
    await putRaw(cluster.store, key, `${original}\n// tampered\n`);
    expect(codes((await refused(cluster.configDir)).diagnostics, 'error')).toEqual([
      'catalog_payload_digest_mismatch',
    ]);
    await putRaw(cluster.store, key, original);

    const unattributed = await pendingSidecar(cluster.store, '');
    expect(codes((await refused(cluster.configDir)).diagnostics, 'error')).toEqual([
      'cluster_recovery_unattributed',
    ]);
    await cluster.store.objects.delete(unattributed.key);

    await putRaw(cluster.store, `__cluster/recoveries/${newUlid()}.json`, '{ not json');
    expect(codes((await refused(cluster.configDir)).diagnostics, 'error')).toEqual([
      'invalid_recovery_sidecar',
    ]);
  });

  it('refuses a ledger that holds no graphs', async () => {
    const cluster = await fresh('empty', { empty: true });
    expect(codes((await refused(cluster.configDir)).diagnostics, 'error')).toEqual([
      'cluster_empty',
    ]);
  });

  it('refuses when every graph is quarantined, and any quarantine with requireAllGraphs', async () => {
    const cluster = await fresh('unhealthy');
    await pendingSidecar(cluster.store, 'people');
    const strict = await refused(cluster.configDir, { requireAllGraphs: true });
    expect(codes(strict.diagnostics, 'error')).toEqual(['cluster_recovery_pending']);
    await pendingSidecar(cluster.store, 'notes');
    const { diagnostics } = await refused(cluster.configDir);
    expect(codes(diagnostics, 'warning').sort()).toEqual([
      'cluster_recovery_pending',
      'cluster_recovery_pending',
    ]);
    expect(codes(diagnostics, 'error')).toEqual(['cluster_no_healthy_graphs']);
  });
});

describe('quarantine', () => {
  it('omits a graph with a pending sidecar from /graphs and answers 404 for it', async () => {
    const cluster = await fresh('pending');
    await pendingSidecar(cluster.store, 'notes');
    // A held state lock (an apply running elsewhere) is no reason not to serve.
    await acquireLock(cluster.store, 'apply');
    const booted = await bootCluster(cluster.configDir, { settings });
    expect(codes(booted.diagnostics, 'warning')).toEqual(['cluster_recovery_pending']);
    await serving(booted, async (url) => {
      const listed = await jsonOf(await callAsAdmin(url, 'GET', '/graphs'), 200);
      expect((listed.graphs as { graph_id: string }[]).map((g) => g.graph_id)).toEqual(['people']);
      const missing = await jsonOf(await callAsAdmin(url, 'GET', '/graphs/notes/snapshot'), 404);
      expect(missing.error).toBe("graph 'notes' not found");
      const found = await callAsAdmin(url, 'POST', '/graphs/people/queries/find_person', {
        params: { name: 'Bob' },
      });
      expect((await jsonOf(found, 200)).rows).toEqual([{ 'p.name': 'Bob', 'p.age': 31 }]);
    });
  });

  it('quarantines a graph whose stored query no longer typechecks against its live schema', async () => {
    const cluster = await fresh('typecheck');
    // An out-of-band migration drops the property a stored query returns.
    const graph = await Omnigraph.open(cluster.store.graphUri('people'), { settings });
    await graph.applySchema({ schema_source: PEOPLE_PG.replace('    age: I32?\n', '') });
    await graph.close();
    const booted = await bootCluster(cluster.configDir, { settings });
    const warning = booted.diagnostics.find((d) => d.code === 'query_typecheck_error');
    expect(warning?.path).toBe('query.people.add_person');
    expect(booted.registry.list().map((g) => g.id)).toEqual(['notes']);
    await serving(booted, async (url) => {
      await jsonOf(await callAsAdmin(url, 'GET', '/graphs/people/snapshot'), 404);
      const listed = await jsonOf(await callAsAdmin(url, 'GET', '/graphs'), 200);
      expect((listed.graphs as { graph_id: string }[]).map((g) => g.graph_id)).toEqual(['notes']);
    });
  });
});

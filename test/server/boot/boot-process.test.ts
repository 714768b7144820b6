import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { writeRecoverySidecar } from '../../../src/cluster/index.js';
import { newUlid } from '../../../src/util/ulid.js';
import { freshTempDir } from '../../helpers/temp-dir.js';
import {
  ADMIN_TOKEN,
  appliedCluster,
  jsonOf,
  putRaw,
  refusedServer,
  runningServer,
  TOKENS_ENV,
} from './boot-fixture.js';

describe('omnigraph-server --cluster <dir>', () => {
  it('serves every applied graph with its stored queries, and stops on SIGTERM', async () => {
    const cluster = await appliedCluster(await freshTempDir('proc-dir'));
    const server = await runningServer(['--cluster', cluster.configDir], { env: TOKENS_ENV });
    const listed = await jsonOf(await server.call('GET', '/graphs'), 200);
    expect(listed.graphs).toEqual([
      { graph_id: 'notes', uri: cluster.store.graphUri('notes') },
      { graph_id: 'people', uri: cluster.store.graphUri('people') },
    ]);
    const everyone = await jsonOf(
      await server.call('POST', '/graphs/people/queries/everyone'),
      200,
    );
    expect(everyone.rows).toEqual([
      { 'p.name': 'Alice' },
      { 'p.name': 'Bob' },
      { 'p.name': 'Carol' },
    ]);
    expect(server.stderr()).toContain('serving 2 graph(s): notes, people');
    expect(await server.stop('SIGTERM')).toBe(0);
  });

  it('finishes a request in flight when SIGTERM arrives, then exits 0', async () => {
    const cluster = await appliedCluster(await freshTempDir('proc-drain'));
    const server = await runningServer(['--cluster', cluster.configDir], { env: TOKENS_ENV });
    const body = JSON.stringify({ params: { name: 'Dora', age: 40 } });
    const { hostname, port } = new URL(server.url);
    let exit: Promise<number | null> | undefined;
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          hostname,
          port,
          method: 'POST',
          path: '/graphs/people/queries/add_person',
          headers: {
            authorization: `Bearer ${ADMIN_TOKEN}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, text });
          });
        },
      );
      req.on('error', reject);
      // Half the body now: the request is in flight when the signal arrives.
      req.write(body.slice(0, 10));
      setTimeout(() => {
        exit = server.stop('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 500);
      }, 300);
    });
    const { status, text } = await response;
    expect(status, text).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ affected_nodes: 1 });
    expect(await exit).toBe(0);
  });

  it('answers 409 with the holder when another process keeps the writer lease too long', async () => {
    const cluster = await appliedCluster(await freshTempDir('proc-lease'));
    const now = Date.now();
    const holder = {
      owner: 'x',
      generation: 'g',
      replaced_live: false,
      pid: 4242,
      host: 'elsewhere',
    };
    await putRaw(
      cluster.store,
      'graphs/people.omni/_og/lease.json',
      JSON.stringify({ ...holder, acquired_at: now, expires_at: now + 120_000 }),
    );
    const server = await runningServer(['--cluster', cluster.configDir], {
      env: { ...TOKENS_ENV, OMNIGRAPH_WRITER_WAIT_MS: '200' },
    });
    const response = await server.call('POST', '/graphs/people/queries/add_person', {
      params: { name: 'Eve' },
    });
    const body = await jsonOf(response, 409);
    expect(body.code).toBe('conflict');
    expect(body.error).toMatch(/is being written by .*elsewhere.*gave up after waiting 200 ms/);
    // Reads do not need the lease.
    await jsonOf(await server.call('POST', '/graphs/people/queries/everyone'), 200);
    expect(await server.stop()).toBe(0);
  });
});

describe('omnigraph-server refusing to start', () => {
  it('needs --cluster (or OMNIGRAPH_CLUSTER)', async () => {
    const exit = await refusedServer([], { env: { ...TOKENS_ENV, OMNIGRAPH_CLUSTER: '' } });
    expect(exit.code).toBe(2);
    expect(exit.stderr).toMatch(/boots from a cluster/);
  });

  it('exits 1 with one reason line when there is no ledger', async () => {
    const root = await freshTempDir('proc-no-ledger');
    const exit = await refusedServer(['--cluster', `file://${root}`], { env: TOKENS_ENV });
    expect(exit.code).toBe(1);
    expect(exit.stderr).toMatch(/^error\[cluster_state_missing\] __cluster\/state\.json: /m);
    expect(exit.stderr.trim().split('\n').at(-1)).toMatch(
      /^error: cannot serve the cluster: cluster_state_missing: /,
    );
  });

  it('turns a quarantine into a refusal with --require-all-graphs', async () => {
    const cluster = await appliedCluster(await freshTempDir('proc-strict'));
    await writeRecoverySidecar(cluster.store, {
      schema_version: 1,
      operation_id: newUlid(),
      started_at: new Date().toISOString(),
      kind: 'schema_apply',
      graph_id: 'notes',
      graph_uri: cluster.store.graphUri('notes'),
      desired_schema_digest: '0'.repeat(64),
    });
    const exit = await refusedServer(['--cluster', cluster.configDir, '--require-all-graphs'], {
      env: TOKENS_ENV,
    });
    expect(exit.code).toBe(1);
    expect(exit.stderr).toMatch(/^error\[cluster_recovery_pending\] /m);
    // The environment says the same.
    const byEnv = await refusedServer(['--cluster', cluster.configDir], {
      env: { ...TOKENS_ENV, OMNIGRAPH_REQUIRE_ALL_GRAPHS: '1' },
    });
    expect(byEnv.code).toBe(1);
  });
});

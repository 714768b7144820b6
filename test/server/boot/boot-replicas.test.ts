import { describe, expect, it } from 'vitest';
import { freshS3Uri, S3_SKIP_REASON, S3_TEST_BUCKET } from '../../helpers/s3-env.js';
import { freshTempDir } from '../../helpers/temp-dir.js';
import {
  appliedCluster,
  jsonOf,
  runningServer,
  TOKENS_ENV,
  type ServerProcess,
} from './boot-fixture.js';

const names = async (server: ServerProcess): Promise<string[]> => {
  const body = await jsonOf(await server.call('POST', '/graphs/people/queries/everyone'), 200);
  return (body.rows as { 'p.name': string }[]).map((row) => row['p.name']);
};

const addPerson = async (server: ServerProcess, name: string): Promise<void> => {
  const response = await server.call('POST', '/graphs/people/queries/add_person', {
    params: { name },
  });
  expect((await jsonOf(response, 200)).affected_nodes).toBe(1);
};

describe('replicas serving one S3 storage root', () => {
  if (!S3_TEST_BUCKET) {
    it.skip(S3_SKIP_REASON, () => undefined);
    return;
  }

  it('boot config-free, read each other’s writes, and lose no concurrent write', async () => {
    const cluster = await appliedCluster(freshS3Uri('boot-replicas'));
    // No config directory: each process gets only the bucket URI, from an empty directory.
    const cwd = await freshTempDir('replica-cwd');
    const args = ['--cluster', cluster.root];
    const [a, b] = await Promise.all([
      runningServer(args, { env: TOKENS_ENV, cwd }),
      runningServer(args, { env: TOKENS_ENV, cwd }),
    ]);
    try {
      await addPerson(a, 'Dora');
      expect(await names(b)).toContain('Dora');
      const writes = ['a1', 'a2', 'a3', 'a4'].map((n) => addPerson(a, n));
      writes.push(...['b1', 'b2', 'b3', 'b4'].map((n) => addPerson(b, n)));
      await Promise.all(writes);
      const seen = await names(a);
      expect(seen).toEqual(await names(b));
      expect(seen).toEqual(
        ['Alice', 'Bob', 'Carol', 'Dora', 'a1', 'a2', 'a3', 'a4', 'b1', 'b2', 'b3', 'b4'].sort(),
      );
    } finally {
      expect(await a.stop()).toBe(0);
      expect(await b.stop()).toBe(0);
    }
  });
});

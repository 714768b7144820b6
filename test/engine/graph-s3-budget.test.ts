import { execFile } from 'node:child_process';
import type http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { S3Settings } from '../../src/api/index.js';
import { Omnigraph } from '../../src/engine/index.js';
import { freshS3Uri, S3_SKIP_REASON, S3_TEST_BUCKET, testSettings } from '../helpers/s3-env.js';
import { interceptingProxy } from '../storage/fake-s3-endpoint.js';
import { expectOmniError, ndjson, personLine } from './graph-helpers.js';

const PEOPLE_PG = 'node Person {\n    name: String @key\n    age: I32?\n}\n';

/** Requests for the graph's own records (ours) and for its Lance datasets. */
const isRecord = (request: http.IncomingMessage) => request.url?.includes('/_og/') === true;
const isDataset = (request: http.IncomingMessage) => request.url?.includes('.lance/') === true;

/**
 * A graph with three people on the test server, reached directly. One type, so one table:
 * a read that fails leaves no other table read in flight when the graph closes.
 */
async function graphWithPeople(label: string): Promise<string> {
  const uri = freshS3Uri(label);
  const graph = await Omnigraph.init(uri, PEOPLE_PG, { settings: testSettings() });
  await graph.load({
    data: ndjson(personLine('Ada'), personLine('Bob'), personLine('Cy')),
    mode: 'overwrite',
  });
  await graph.close();
  return uri;
}

const BIN = path.resolve(import.meta.dirname, '../../src/cli/omnigraph.ts');

/**
 * Runs `omnigraph export <uri>` in a fresh process (so no table state is cached from the
 * writes of this one) reaching S3 through `proxy` with small budgets.
 */
function exportThrough(
  proxy: string,
  uri: string,
  maxAttempts: number,
): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  const env = {
    ...process.env,
    AWS_ENDPOINT_URL_S3: proxy,
    OMNIGRAPH_S3_CONNECT_TIMEOUT_MS: '300',
    OMNIGRAPH_S3_REQUEST_TIMEOUT_MS: '500',
    OMNIGRAPH_S3_MAX_ATTEMPTS: String(maxAttempts),
  };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', BIN, 'export', uri],
      { env },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr, ms: Date.now() - started });
      },
    );
  });
}

/** Settings that reach the test server through `proxy`, with small budgets. */
function throughProxy(proxy: string, s3: Partial<S3Settings> = {}) {
  return testSettings({
    s3: { endpoint: proxy, connectTimeoutMs: 300, requestTimeoutMs: 500, maxAttempts: 2, ...s3 },
  });
}

if (S3_TEST_BUCKET) {
  const target = testSettings().s3.endpoint ?? '';

  describe('a graph on S3 behind an endpoint that stops answering', () => {
    it('fails to open within the budget when its records never come', async () => {
      const uri = await graphWithPeople('budget-records');
      const proxy = await interceptingProxy(target, (r) => (isRecord(r) ? 'stall' : undefined));
      const started = Date.now();
      await expectOmniError(
        Omnigraph.open(uri, { mode: 'read-only', settings: throughProxy(proxy.url) }),
        'transient',
        `S3 endpoint ${proxy.url} did not answer within 500 ms (2 attempts); check AWS_ENDPOINT_URL`,
      );
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    it('fails a read through Lance within a bounded time when its tables never come', async () => {
      const uri = await graphWithPeople('budget-tables');
      const proxy = await interceptingProxy(target, (r) => (isDataset(r) ? 'stall' : undefined));
      const result = await exportThrough(proxy.url, uri, 2);
      expect(result.stderr).toMatch(
        new RegExp(
          `^error: S3 endpoint ${proxy.url} did not answer \\(lance open failed on table 'node_\\d+(\\.[0-9a-z]{26})?', branch 'main', version \\d+\\); check AWS_ENDPOINT_URL and that the server is up, or raise OMNIGRAPH_S3_REQUEST_TIMEOUT_MS\n$`,
        ),
      );
      expect(result.code).toBe(1);
      expect(result.ms).toBeLessThan(40_000);
    });
  });

  describe('a graph on S3 behind an endpoint that fails a few times', () => {
    it('retries our records and Lance reads, and succeeds', async () => {
      const uri = await graphWithPeople('budget-flaky');
      const failed = { records: 0, datasets: 0 };
      const proxy = await interceptingProxy(target, (request) => {
        if (request.method !== 'GET') return undefined;
        if (isRecord(request) && failed.records < 2) {
          failed.records += 1;
          return 500;
        }
        if (isDataset(request) && failed.datasets < 2) {
          failed.datasets += 1;
          return 503;
        }
        return undefined;
      });
      const result = await exportThrough(proxy.url, uri, 4);
      expect(result.stderr).toBe('');
      expect(result.stdout.trim().split('\n')).toHaveLength(3);
      expect(result.code).toBe(0);
      expect(failed).toEqual({ records: 2, datasets: 2 });
    });
  });
} else {
  describe('S3 request budgets of a graph', () => {
    it.skip(S3_SKIP_REASON, () => undefined);
  });
}

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveSettings, type S3Settings } from '../../src/api/index.js';
import { LanceTables } from '../../src/engine/lance/index.js';
import { answerError, scriptedEndpoint, silentEndpoint } from '../storage/fake-s3-endpoint.js';
import { expectOmniError } from './lance/fixtures.js';

/** Two attempts each; `requestTimeoutMs` small for endpoints that never answer. */
function budgets(endpoint: string, requestTimeoutMs = 300): S3Settings {
  return resolveSettings({
    s3: { endpoint, allowHttp: true, connectTimeoutMs: 200, requestTimeoutMs, maxAttempts: 2 },
  }).s3;
}

/** A budget the answers of a local endpoint stay well within, even on a loaded machine. */
const AMPLE_MS = 10_000;

/** A listing of one table version (Lance names version 1 `u64::MAX - 1`). */
const VERSION_1_LISTING =
  '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>bucket</Name>' +
  '<KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated><Contents>' +
  '<Key>g/tables/node_1.lance/_versions/18446744073709551614.manifest</Key>' +
  '<LastModified>2026-01-01T00:00:00.000Z</LastModified><ETag>"m1"</ETag><Size>900</Size>' +
  '</Contents></ListBucketResult>';

const EMPTY_LISTING =
  '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>bucket</Name>' +
  '<KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>';

beforeEach(() => {
  // Lance reads credentials from the environment; any do for a fake endpoint.
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'fake-key');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'fake-secret');
});

describe('Lance against an S3 endpoint that never answers', () => {
  it('fails to connect within a bounded time with the endpoint error', async () => {
    const endpoint = await silentEndpoint();
    const started = Date.now();
    const error = await expectOmniError(
      LanceTables.open('s3://bucket/g/tables', { s3: budgets(endpoint.url) }),
      'transient',
    );
    expect(error.message).toBe(
      `S3 endpoint ${endpoint.url} did not answer (lance connect failed on the graph root); ` +
        'check AWS_ENDPOINT_URL and that the server is up, or raise OMNIGRAPH_S3_REQUEST_TIMEOUT_MS',
    );
    // Lance retries its connect listing a few times itself, each within the budgets.
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('fails to read a table whose manifest never comes, naming the table', async () => {
    // Listings answer (so Lance connects and finds version 1); the manifest read hangs.
    const endpoint = await scriptedEndpoint((request, response) => {
      if (!request.url?.includes('list-type=2')) return;
      response.writeHead(200, { 'content-type': 'application/xml' });
      response.end(request.url.includes('node_1') ? VERSION_1_LISTING : EMPTY_LISTING);
    });
    const tables = await LanceTables.open('s3://bucket/g/tables', {
      s3: budgets(endpoint.url, 1_000),
    });
    const started = Date.now();
    const error = await expectOmniError(
      tables.reader('node_1', { branch: 'main', version: 1 }),
      'transient',
      `S3 endpoint ${endpoint.url} did not answer (lance open failed on table 'node_1'`,
    );
    expect(error.message).not.toContain('/bucket/');
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('retries 500s no more than the budget allows, then names the status', async () => {
    const endpoint = await scriptedEndpoint((request, response) => {
      if (request.url?.includes('list-type=2')) {
        response.writeHead(200, { 'content-type': 'application/xml' });
        response.end(request.url.includes('node_1') ? VERSION_1_LISTING : EMPTY_LISTING);
      } else {
        answerError(response, 500, 'InternalError');
      }
    });
    const tables = await LanceTables.open('s3://bucket/g/tables', {
      s3: budgets(endpoint.url, AMPLE_MS),
    });
    const before = endpoint.hits();
    await expectOmniError(
      tables.reader('node_1', { branch: 'main', version: 1 }),
      'transient',
      `S3 endpoint ${endpoint.url} kept failing (500 Internal Server Error; lance open on table 'node_1', branch 'main', version 1)`,
    );
    // Two attempts for each of the few reads Lance tries; its throttle layer alone would
    // multiply this several times over.
    expect(endpoint.hits() - before).toBeLessThanOrEqual(12);
  });
});

describe('Lance and the environment', () => {
  it('reaches the endpoint of the settings even when AWS_ENDPOINT names another', async () => {
    const elsewhere = await silentEndpoint();
    vi.stubEnv('AWS_ENDPOINT', elsewhere.url);
    const endpoint = await scriptedEndpoint((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/xml' });
      response.end(EMPTY_LISTING);
    });
    // Each connection settles its options anew: several make a lucky pass unlikely.
    for (let i = 0; i < 6; i += 1) {
      const tables = await LanceTables.open(`s3://bucket/g${i}/tables`, {
        s3: budgets(endpoint.url, AMPLE_MS),
      });
      expect(await tables.tableNames()).toEqual([]);
      tables.close();
    }
    expect(elsewhere.hits()).toBe(0);
    expect(endpoint.hits()).toBeGreaterThanOrEqual(6);
  });
});

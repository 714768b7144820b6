import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveSettings } from '../../src/api/index.js';
import { lanceError } from '../../src/engine/lance/lance-error.js';
import { lanceLocation } from '../../src/engine/lance/lance-location.js';
import { isOmniError } from '../../src/util/index.js';
import { freshTempDir } from '../helpers/temp-dir.js';

const ENDPOINT = 'http://127.0.0.1:40123';
const LOCATION =
  'location: Location { file: "/usr/local/cargo/registry/src/index.crates.io-1/lance-io-12.0.0/src/object_store.rs", line: 1490, column: 92 }, backtrace: MaybeBacktrace';

/** Texts Lance 12 gives (captured against local endpoints), one per kind of failure. */
const CONNECT_TIMEOUT = `Invalid input, Failed to connect to namespace: IO { source: Generic { store: "S3", source: ListRequest { source: RetryError(RetryErrorImpl { method: GET, uri: Some(${ENDPOINT}/bucket?list-type=2&prefix=g%2Ftables%2F__manifest%2F_versions%2F), retries: 1, max_retries: 1, elapsed: 2.1s, retry_timeout: 3s, inner: Http(HttpError { kind: Timeout, source: reqwest::Error { kind: Request, source: TimedOut } }) }) } }, ${LOCATION} }`;
const READ_TIMEOUT = `lance error: LanceError(IO): Generic N/A error: LanceError(IO): Generic S3 error: Error performing GET ${ENDPOINT}/bucket/g/tables/node_1.lance/_versions/18446744073709551614.manifest in 2.1s, after 1 retries, max_retries: 1, retry_timeout: 3s  - HTTP error: error sending request`;
const SERVER_ERROR = `lance error: LanceError(IO): Generic N/A error: LanceError(IO): Generic S3 error: Error performing GET ${ENDPOINT}/bucket/g/tables/node_1.lance/_versions/1.manifest in 103ms, after 1 retries, max_retries: 1, retry_timeout: 1s  - Server returned non-2xx status code: 500 Internal Server Error: <?xml version="1.0"?><Error><Code>InternalError</Code></Error>`;
const FORBIDDEN = `Invalid input, Failed to connect to namespace: IO { source: Generic { store: "S3", source: ListRequest { source: RetryError(RetryErrorImpl { method: GET, uri: Some(${ENDPOINT}/bucket?list-type=2&prefix=g%2F), retries: 0, max_retries: 1, elapsed: 1.1ms, retry_timeout: 1s, inner: Status { status: 403, body: Some("<Error><Code>AccessDenied</Code></Error>") } }) } }, ${LOCATION} }`;

const ROOT = 's3://bucket/g/tables';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('Lance failures against S3', () => {
  it('an endpoint that did not answer reads like our own store', () => {
    const connect = lanceError(new Error(CONNECT_TIMEOUT), { op: 'connect' }, ROOT);
    expect(connect.code).toBe('transient');
    expect(connect.message).toBe(
      `S3 endpoint ${ENDPOINT} did not answer (lance connect failed on the graph root); check AWS_ENDPOINT_URL and that the server is up, or raise OMNIGRAPH_S3_REQUEST_TIMEOUT_MS`,
    );
    const read = lanceError(
      new Error(READ_TIMEOUT),
      { op: 'open', table: 'node_1', branch: 'main', version: 1 },
      ROOT,
    );
    expect(read.message).toContain(
      `S3 endpoint ${ENDPOINT} did not answer (lance open failed on table 'node_1', branch 'main', version 1)`,
    );
    expect(read.details).toMatchObject({ endpoint: ENDPOINT, table: 'node_1' });
  });

  it('statuses after retries, without the request path', () => {
    const failing = lanceError(new Error(SERVER_ERROR), { op: 'open', table: 'node_1' }, ROOT);
    expect(failing.code).toBe('transient');
    expect(failing.message).toBe(
      `S3 endpoint ${ENDPOINT} kept failing (500 Internal Server Error; lance open on table 'node_1'); check AWS_ENDPOINT_URL and that the server is up`,
    );
    const refused = lanceError(new Error(FORBIDDEN), { op: 'connect' }, ROOT);
    expect(refused.code).toBe('configuration');
    expect(refused.message).toBe(
      `S3 endpoint ${ENDPOINT} refused the credentials (403) for lance connect on the graph root; check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`,
    );
  });

  it('other failures keep Lance text without source locations or backtraces', () => {
    const error = lanceError(
      new Error(`Invalid user input: bad column, ${LOCATION}`),
      { op: 'append', table: 'node_1' },
      ROOT,
    );
    expect(error.code).toBe('bad_request');
    expect(error.message).toBe(
      "lance append failed on table 'node_1': Invalid user input: bad column",
    );
  });

  it('a retry_timeout in the text alone does not make a failure transient', () => {
    const error = lanceError(
      new Error('Invalid user input: x, retry_timeout: 3s'),
      { op: 'append', table: 't' },
      ROOT,
    );
    expect(error.code).toBe('bad_request');
  });
});

describe('the temporary directory Lance needs', () => {
  it('is checked before Lance connects, with one line saying what to fix', async () => {
    const file = path.join(await freshTempDir('lance-tmpdir'), 'not-a-dir');
    await writeFile(file, '');
    vi.stubEnv('TMPDIR', file);
    const s3 = resolveSettings().s3;
    let error: unknown;
    try {
      lanceLocation('/data/g1', s3);
    } catch (e) {
      error = e;
    }
    expect(isOmniError(error, 'configuration')).toBe(true);
    expect((error as Error).message).toBe(
      `the temporary directory ${file} is not usable (a part of the path is a file, not a directory); set TMPDIR to a writable directory`,
    );
    vi.stubEnv('TMPDIR', path.dirname(file));
    expect(lanceLocation('/data/g1', s3).uri).toBe('/data/g1');
  });
});

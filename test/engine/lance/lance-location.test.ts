import { describe, expect, it } from 'vitest';
import { resolveSettings, settingsFromEnv } from '../../../src/api/index.js';
import { lanceLocation } from '../../../src/engine/lance/lance-location.js';
import { expectOmniErrorSync } from './fixtures.js';

const defaults = resolveSettings().s3;

describe('lanceLocation', () => {
  it('makes local roots absolute and passes no options', () => {
    expect(lanceLocation('/data/g1', defaults)).toEqual({
      uri: '/data/g1',
      storageOptions: {},
      local: true,
    });
    expect(lanceLocation('file:///data/g%202', defaults).uri).toBe('/data/g 2');
    expect(lanceLocation('rel/g', defaults).uri).toBe(`${process.cwd()}/rel/g`);
  });

  it('sets region, endpoint, allow_http and path style for S3 from the settings', () => {
    const { s3 } = settingsFromEnv({
      AWS_REGION: 'eu-west-3',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:7480',
      AWS_ALLOW_HTTP: 'true',
    });
    expect(lanceLocation('s3://bucket/graphs/g1/', s3)).toEqual({
      uri: 's3://bucket/graphs/g1',
      storageOptions: {
        aws_region: 'eu-west-3',
        aws_endpoint: 'http://127.0.0.1:7480',
        allow_http: 'true',
        aws_virtual_hosted_style_request: 'false',
        connect_timeout: '5000ms',
        timeout: '30000ms',
        client_max_retries: '3',
        client_retry_timeout: '140',
        lance_aimd_max_retries: '0',
      },
      local: false,
    });
  });

  it('gives Lance the time budgets and attempts of the settings', () => {
    const { s3 } = settingsFromEnv({
      OMNIGRAPH_S3_CONNECT_TIMEOUT_MS: '250',
      OMNIGRAPH_S3_REQUEST_TIMEOUT_MS: '1500',
      OMNIGRAPH_S3_MAX_ATTEMPTS: '2',
    });
    expect(lanceLocation('s3://bucket', s3).storageOptions).toMatchObject({
      connect_timeout: '250ms',
      timeout: '1500ms',
      client_max_retries: '1',
      // Two attempts of 1.75 s, rounded up to whole seconds.
      client_retry_timeout: '4',
    });
  });

  it('always sets a region, so Lance never probes the EC2 metadata address', () => {
    expect(lanceLocation('s3://bucket', defaults).storageOptions).toMatchObject({
      aws_region: 'us-east-1',
      allow_http: 'false',
      aws_virtual_hosted_style_request: 'true',
    });
  });

  it('rejects memory roots', () => {
    expectOmniErrorSync(() => lanceLocation('memory://m', defaults), 'invalid_uri');
  });
});

import { describe, expect, it } from 'vitest';
import { resolveSettings, settingsFromEnv } from '../../../src/api/index.js';
import { lanceLocation } from '../../../src/engine/lance/lance-location.js';
import { expectOmniErrorSync } from './fixtures.js';

const defaults = resolveSettings().s3;

describe('lanceLocation', () => {
  it('makes local roots absolute and passes no options', () => {
    expect(lanceLocation('/data/g1', defaults)).toEqual({ uri: '/data/g1', storageOptions: {} });
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
        region: 'eu-west-3',
        endpoint: 'http://127.0.0.1:7480',
        allow_http: 'true',
        virtual_hosted_style_request: 'false',
      },
    });
  });

  it('always sets a region, so Lance never probes the EC2 metadata address', () => {
    expect(lanceLocation('s3://bucket', defaults).storageOptions).toEqual({
      region: 'us-east-1',
      allow_http: 'false',
      virtual_hosted_style_request: 'true',
    });
  });

  it('rejects memory roots', () => {
    expectOmniErrorSync(() => lanceLocation('memory://m', defaults), 'invalid_uri');
  });
});

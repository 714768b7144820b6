import { describe, expect, it } from 'vitest';
import { lanceLocation } from '../../../src/engine/lance/lance-location.js';
import { expectOmniErrorSync } from './fixtures.js';

describe('lanceLocation', () => {
  it('makes local roots absolute and passes no options', () => {
    expect(lanceLocation('/data/g1', {})).toEqual({ uri: '/data/g1', storageOptions: {} });
    expect(lanceLocation('file:///data/g%202', {}).uri).toBe('/data/g 2');
    expect(lanceLocation('rel/g', {}).uri).toBe(`${process.cwd()}/rel/g`);
  });

  it('sets region, endpoint, allow_http and path style for S3 from the environment', () => {
    const env = {
      AWS_REGION: 'eu-west-3',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:7480',
      AWS_ALLOW_HTTP: 'true',
    };
    expect(lanceLocation('s3://bucket/graphs/g1/', env)).toEqual({
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
    expect(lanceLocation('s3://bucket', {}).storageOptions).toEqual({
      region: 'us-east-1',
      allow_http: 'false',
      virtual_hosted_style_request: 'true',
    });
  });

  it('rejects memory roots and plain-HTTP endpoints without AWS_ALLOW_HTTP', () => {
    expectOmniErrorSync(() => lanceLocation('memory://m', {}), 'invalid_uri');
    expectOmniErrorSync(
      () => lanceLocation('s3://b/p', { AWS_ENDPOINT: 'http://127.0.0.1:7480' }),
      'configuration',
      'AWS_ALLOW_HTTP',
    );
  });
});

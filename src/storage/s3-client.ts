import { S3Client } from '@aws-sdk/client-s3';
import type { S3Settings } from '../api/settings.js';

const CLIENTS = new Map<string, S3Client>();

/** The endpoint requests go to, as errors name it: the custom one, else AWS's of the region. */
export function endpointOf(settings: S3Settings): string {
  return (settings.endpoint ?? `https://s3.${settings.region}.amazonaws.com`).replace(/\/+$/, '');
}

/**
 * The S3 client for `settings`, shared by every store that reaches S3 the same way. It bounds
 * connecting by `connectTimeoutMs`; the store bounds each whole attempt and retries itself.
 */
export function s3ClientFor(settings: S3Settings): S3Client {
  const cacheKey = JSON.stringify(settings);
  let client = CLIENTS.get(cacheKey);
  if (!client) {
    client = new S3Client({
      region: settings.region,
      ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
      forcePathStyle: settings.forcePathStyle,
      // RGW rejects the SDK's default streamed checksums; these are needed for it and harmless on AWS.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // We retry ourselves so that every attempt is counted.
      maxAttempts: 1,
      requestHandler: { connectionTimeout: settings.connectTimeoutMs },
    });
    CLIENTS.set(cacheKey, client);
  }
  return client;
}

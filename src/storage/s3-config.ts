import { OmniError } from '../util/omni-error.js';

/** How to reach S3, read from the standard AWS environment. Credentials are not kept here. */
export interface S3Settings {
  readonly region: string;
  readonly endpoint: string | undefined;
  readonly forcePathStyle: boolean;
  readonly allowHttp: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Truthy environment values: anything non-empty but `0`, `false`, `no`, `off`. */
export function envFlag(value: string | undefined): boolean {
  return value !== undefined && value !== '' && !/^(0|false|no|off)$/i.test(value.trim());
}

/**
 * Reads `AWS_REGION`, `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL` / `AWS_ENDPOINT`,
 * `AWS_ALLOW_HTTP` and `AWS_S3_FORCE_PATH_STYLE`. A custom endpoint defaults to path-style
 * addressing, which S3-compatible servers (Ceph RGW, MinIO, RustFS) need.
 */
export function s3SettingsFromEnv(env: Env = process.env): S3Settings {
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL ?? env.AWS_ENDPOINT;
  const allowHttp = envFlag(env.AWS_ALLOW_HTTP);
  if (endpoint !== undefined) {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new OmniError('configuration', `S3 endpoint '${endpoint}' is not a URL`);
    }
    if (url.protocol === 'http:' && !allowHttp) {
      throw new OmniError(
        'configuration',
        `S3 endpoint '${endpoint}' is plain HTTP; set AWS_ALLOW_HTTP=true to allow it`,
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new OmniError('configuration', `S3 endpoint '${endpoint}' must be http:// or https://`);
    }
  }
  const forcePathStyle =
    env.AWS_S3_FORCE_PATH_STYLE !== undefined
      ? envFlag(env.AWS_S3_FORCE_PATH_STYLE)
      : endpoint !== undefined;
  return {
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    endpoint,
    forcePathStyle,
    allowHttp,
  };
}

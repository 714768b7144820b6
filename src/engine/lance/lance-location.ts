import type { S3Settings } from '../../api/settings.js';
import { assertNever } from '../../util/assert-never.js';
import { OmniError } from '../../util/omni-error.js';
import { formatStoreUri, parseStoreUri } from '../../util/store-uri.js';
import { usableTempDir } from '../../util/usable-temp-dir.js';

/** Where Lance connects for one graph root, and the options it connects with. */
export interface LanceLocation {
  /**
   * An absolute local path or an `s3://bucket/prefix` URI. Never relative: Lance embeds the
   * path it was given in branch manifests, so a relative path breaks branches elsewhere.
   */
  readonly uri: string;
  /** Object-store options for Lance (snake_case keys); empty for local roots. */
  readonly storageOptions: Readonly<Record<string, string>>;
  /** True for a local directory: a request there is a system call, not a round trip. */
  readonly local: boolean;
}

/**
 * The Lance location of a graph root: a local path (resolved to absolute) or `s3://…`, with
 * the S3 options of `s3`. The region is always set (without it Lance probes the EC2 metadata
 * address). Credentials are left to Lance, which reads `AWS_ACCESS_KEY_ID` and
 * `AWS_SECRET_ACCESS_KEY` itself. Also checks the temporary directory Lance needs (see
 * `usableTempDir`), since every connection starts here.
 */
export function lanceLocation(root: string, s3: S3Settings): LanceLocation {
  const location = parseStoreUri(root);
  switch (location.kind) {
    case 'file':
      usableTempDir();
      return { uri: location.path, storageOptions: {}, local: true };
    case 's3':
      usableTempDir();
      return { uri: formatStoreUri(location), storageOptions: s3StorageOptions(s3), local: false };
    case 'memory':
      throw new OmniError(
        'invalid_uri',
        `Lance tables need a local directory or an s3:// root, not '${root}'`,
        { details: { uri: root } },
      );
    default:
      return assertNever(location, 'store location');
  }
}

/**
 * Lance's object-store options for `s3`, with the same time budgets and attempts as our own
 * store: `connect_timeout` and `timeout` bound each HTTP attempt, `client_max_retries` and
 * `client_retry_timeout` (seconds) bound the retries. `lance_aimd_max_retries` is 0 because
 * Lance's throttle layer would otherwise retry each failed request again on top of those.
 * Region, endpoint and addressing use their canonical `aws_*` keys: Lance adds the `AWS_*`
 * environment under those keys unless they are present, and beside an alias (`endpoint`) the
 * two values of one setting would win at random.
 */
function s3StorageOptions(s3: S3Settings): Record<string, string> {
  const attemptMs = s3.connectTimeoutMs + s3.requestTimeoutMs;
  const options: Record<string, string> = {
    aws_region: s3.region,
    allow_http: String(s3.allowHttp),
    aws_virtual_hosted_style_request: String(!s3.forcePathStyle),
    connect_timeout: `${s3.connectTimeoutMs}ms`,
    timeout: `${s3.requestTimeoutMs}ms`,
    client_max_retries: String(s3.maxAttempts - 1),
    client_retry_timeout: String(Math.ceil((s3.maxAttempts * attemptMs) / 1000)),
    lance_aimd_max_retries: '0',
  };
  if (s3.endpoint !== undefined) options.aws_endpoint = s3.endpoint;
  return options;
}

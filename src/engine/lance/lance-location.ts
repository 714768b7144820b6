import type { S3Settings } from '../../api/settings.js';
import { assertNever } from '../../util/assert-never.js';
import { OmniError } from '../../util/omni-error.js';
import { formatStoreUri, parseStoreUri } from '../../util/store-uri.js';

/** Where Lance connects for one graph root, and the options it connects with. */
export interface LanceLocation {
  /**
   * An absolute local path or an `s3://bucket/prefix` URI. Never relative: Lance embeds the
   * path it was given in branch manifests, so a relative path breaks branches elsewhere.
   */
  readonly uri: string;
  /** Object-store options for Lance (snake_case keys); empty for local roots. */
  readonly storageOptions: Readonly<Record<string, string>>;
}

/**
 * The Lance location of a graph root: a local path (resolved to absolute) or `s3://…`, with
 * the S3 options of `s3`. The region is always set (without it Lance probes the EC2 metadata
 * address). Credentials are left to Lance, which reads `AWS_ACCESS_KEY_ID` and
 * `AWS_SECRET_ACCESS_KEY` itself.
 */
export function lanceLocation(root: string, s3: S3Settings): LanceLocation {
  const location = parseStoreUri(root);
  switch (location.kind) {
    case 'file':
      return { uri: location.path, storageOptions: {} };
    case 's3': {
      const storageOptions: Record<string, string> = {
        region: s3.region,
        allow_http: String(s3.allowHttp),
        virtual_hosted_style_request: String(!s3.forcePathStyle),
      };
      if (s3.endpoint !== undefined) storageOptions.endpoint = s3.endpoint;
      return { uri: formatStoreUri(location), storageOptions };
    }
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

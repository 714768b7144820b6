/** The schemes an external blob base may have. */
export type BlobBaseScheme = 's3' | 'file';

/** A base in canonical form, or why it has none. */
export type CanonicalBase =
  | { readonly ok: true; readonly uri: string; readonly scheme: BlobBaseScheme }
  | { readonly ok: false; readonly problem: string };

// Modern S3 bucket names: lowercase, so one bucket has one spelling.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const UNSAFE_CHARACTER = /[\s\\\p{Cc}]/u;
const URI = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/]*)(.*)$/;
// Escapes of characters that need none, or of the characters that structure a path, let one
// location be spelled several ways; `%2F` would hide a segment boundary from prefix matching.
const AMBIGUOUS_ESCAPE = /[A-Za-z0-9\-._~/\\%]/;

/**
 * The canonical form of an external blob base: `s3://bucket/prefix/` or `file:///abs/dir/`,
 * scheme lowercased, percent-escapes uppercased, one trailing slash (a base is a prefix of
 * whole segments). Refused: other schemes, credentials, a query or fragment, `.`/`..` or empty
 * segments, whitespace, control characters and backslashes, malformed or ambiguous escapes,
 * uppercase or malformed bucket names, and `file:///` itself. A problem never echoes a base
 * that carries credentials.
 *
 * @example canonicalBlobBase('S3://assets/knowledge') // { ok: true, uri: 's3://assets/knowledge/', scheme: 's3' }
 */
export function canonicalBlobBase(base: string): CanonicalBase {
  const refuse = (problem: string): CanonicalBase => ({ ok: false, problem });
  // Credentials may hide anywhere an `@` is, so such a base is never echoed.
  const shown = base.includes('@') ? 'the base' : `base '${base}'`;
  const match = URI.exec(base);
  if (match === null) return refuse(`${shown} must be an s3:// or file:/// URI`);
  const [, rawScheme = '', authority = '', rawPath = ''] = match;
  if (authority.includes('@')) return refuse(`${shown} may not carry credentials`);
  const scheme = rawScheme.toLowerCase();
  if (scheme !== 's3' && scheme !== 'file') {
    return refuse(`${shown} has scheme '${rawScheme}'; only s3:// and file:/// are allowed`);
  }
  if (UNSAFE_CHARACTER.test(base)) {
    return refuse(`${shown} contains whitespace, a control character or a backslash`);
  }
  if (base.includes('?') || base.includes('#')) {
    return refuse(`${shown} may not carry a query or fragment`);
  }
  const path = canonicalEscapes(rawPath);
  if (path === undefined) return refuse(`${shown} has a malformed or ambiguous %-escape`);
  const segments = path.replace(/^\/|\/$/g, '').split('/');
  const pathProblem = segmentProblem(segments);
  if (path !== '' && path !== '/' && pathProblem !== undefined) {
    return refuse(`${shown} ${pathProblem}`);
  }
  const suffix = path === '' || path === '/' ? '' : `${segments.join('/')}/`;
  if (scheme === 's3') {
    if (!BUCKET.test(authority)) {
      return refuse(`${shown} does not name a valid (lowercase) bucket`);
    }
    return { ok: true, uri: `s3://${authority}/${suffix}`, scheme };
  }
  if (authority !== '' && authority !== 'localhost') {
    return refuse(`${shown} names host '${authority}'; a file base is file:///absolute/dir`);
  }
  if (suffix === '') return refuse(`${shown} names the whole filesystem`);
  return { ok: true, uri: `file:///${suffix}`, scheme };
}

/** The path with escapes uppercased; undefined when one is malformed or ambiguous. */
function canonicalEscapes(path: string): string | undefined {
  const escapes = [...path.matchAll(/%(.{0,2})/g)].map((match) => match[1] ?? '');
  const bad = escapes.some(
    (hex) =>
      !/^[0-9A-Fa-f]{2}$/.test(hex) ||
      AMBIGUOUS_ESCAPE.test(String.fromCharCode(parseInt(hex, 16))),
  );
  return bad ? undefined : path.replace(/%([0-9a-f]{2})/gi, (escape) => escape.toUpperCase());
}

function segmentProblem(segments: readonly string[]): string | undefined {
  if (segments.some((segment) => segment === '.' || segment === '..')) {
    return "may not hold '.' or '..' segments";
  }
  if (segments.some((segment) => segment === '')) return 'has an empty path segment';
  return undefined;
}

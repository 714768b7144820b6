/**
 * A server endpoint as credentials are keyed to it: its origin (scheme, host and port, compared
 * as URLs compare them: case-insensitively, default ports dropped) and its path without
 * trailing slashes.
 */
export interface ServerUrl {
  readonly origin: string;
  readonly path: string;
}

/**
 * Parses an `http://` or `https://` URL; undefined for anything else, including URLs with
 * credentials, a query or a fragment, which a server endpoint never has.
 *
 * @example parseServerUrl('HTTP://Host:80/api/') // { origin: 'http://host', path: '/api' }
 */
export function parseServerUrl(text: string): ServerUrl | undefined {
  const url = tryUrl(text);
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    return undefined;
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '')
    return undefined;
  return { origin: url.origin, path: url.pathname.replace(/\/+$/, '') };
}

/** True when `text` looks like a URL rather than a server name. */
export function isUrlLike(text: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text);
}

/**
 * The configured server a request URL belongs to: the one whose URL is the longest prefix of
 * `url` ending at a `/` boundary, so a token keyed to `http://h:8080/api` is never sent to
 * `http://h:8080/api-evil`. Undefined when none matches (or `url` is not a server URL).
 */
export function matchServer(
  url: string,
  servers: Readonly<Record<string, { readonly url: string }>>,
): string | undefined {
  const target = parseRequestUrl(url);
  if (target === undefined) return undefined;
  let best: { name: string; length: number } | undefined;
  for (const [name, server] of Object.entries(servers)) {
    const prefix = parseServerUrl(server.url);
    if (prefix === undefined || !covers(prefix, target)) continue;
    if (best === undefined || prefix.path.length > best.length) {
      best = { name, length: prefix.path.length };
    }
  }
  return best?.name;
}

/** A request URL may carry a query; only its origin and path select the server. */
function parseRequestUrl(text: string): ServerUrl | undefined {
  const url = tryUrl(text);
  if (url === undefined) return undefined;
  url.search = '';
  url.hash = '';
  return parseServerUrl(url.href);
}

function covers(prefix: ServerUrl, target: ServerUrl): boolean {
  if (prefix.origin !== target.origin) return false;
  return target.path === prefix.path || target.path.startsWith(`${prefix.path}/`);
}

/** `URL.parse` is missing from early Node 20 releases. */
function tryUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

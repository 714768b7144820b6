import { jsonText } from '../api/json-text.js';
import { OmniError, messageOf } from '../util/omni-error.js';
import { parseLosslessJson } from '../util/lossless-json.js';

/** How a {@link HttpTransport} reaches a server. */
export interface TransportOptions {
  /** The server's base URL (`https://graphs.example.com`), without `/graphs/…`. */
  readonly url: string;
  /** Sent as `Authorization: Bearer <token>`; none in a server's open mode. */
  readonly token?: string | undefined;
  /** The fetch to use (default: the global one), for proxies and tests. */
  readonly fetch?: typeof fetch | undefined;
  /** How long to wait for a response's headers, in milliseconds (default 60 s). */
  readonly timeoutMs?: number | undefined;
}

/** A raw request body: text, bytes, or a stream of bytes. */
export type RequestBody = string | Uint8Array | ReadableStream<Uint8Array>;

/** One request: a query string, and a JSON body or a raw one. */
export interface TransportRequest {
  readonly query?: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly json?: unknown;
  readonly body?: RequestBody;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Sends requests to one server and turns every failure into an {@link OmniError}: the error
 * envelope of a refused request, `transient` for a server that cannot be reached or does not
 * answer in time.
 */
export class HttpTransport {
  readonly #base: string;
  readonly #token: string | undefined;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;

  constructor(options: TransportOptions) {
    this.#base = options.url.replace(/\/+$/, '');
    this.#token = options.token;
    this.#fetch = options.fetch ?? fetch;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** The absolute URL of `path` (already percent-encoded) on this server. */
  url(path: string): string {
    return `${this.#base}${path}`;
  }

  /** Sends a request and returns the successful response, its body unread. */
  async send(method: string, path: string, request: TransportRequest = {}): Promise<Response> {
    const url = withQuery(this.url(path), request.query);
    const controller = new AbortController();
    // The timeout covers the wait for the headers only: a long export keeps streaming.
    const timer = setTimeout(() => {
      controller.abort();
    }, this.#timeoutMs);
    let response: Response;
    try {
      response = await this.#fetch(url, {
        ...this.#init(method, request),
        signal: controller.signal,
      });
    } catch (error) {
      throw controller.signal.aborted
        ? new OmniError('transient', `${url} did not answer within ${this.#timeoutMs} ms`)
        : new OmniError('transient', `cannot reach ${url}: ${reasonOf(error)}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
    if (!response.ok) {
      // The envelope's schema (zod) loads only when a request fails.
      const { remoteError } = await import('./remote-error.js');
      throw remoteError(response.status, await response.text(), url);
    }
    return response;
  }

  /**
   * Sends a request and parses the JSON body of its response; integers beyond the safe range
   * come back exact, as `bigint` (see {@link parseLosslessJson}).
   */
  async json<T>(method: string, path: string, request?: TransportRequest): Promise<T> {
    return (await this.jsonResponse(method, path, request)).body as T;
  }

  /** Like {@link json}, with the response's headers. */
  async jsonResponse(
    method: string,
    path: string,
    request?: TransportRequest,
  ): Promise<{ body: unknown; headers: Headers }> {
    const response = await this.send(method, path, request);
    const text = await response.text();
    try {
      return { body: parseLosslessJson(text), headers: response.headers };
    } catch (error) {
      throw new OmniError(
        'internal',
        `${this.url(path)} answered a body that is not JSON: ${messageOf(error)}`,
        { cause: error },
      );
    }
  }

  #init(method: string, request: TransportRequest): RequestInit & { duplex?: 'half' } {
    const headers: Record<string, string> = { ...request.headers };
    if (this.#token !== undefined) headers.authorization = `Bearer ${this.#token}`;
    if (request.json !== undefined) {
      headers['content-type'] = 'application/json';
      return { method, headers, body: jsonText(request.json) };
    }
    if (request.body === undefined) return { method, headers };
    if (request.contentType !== undefined) headers['content-type'] = request.contentType;
    // A streamed body must say it is sent while the response may already arrive.
    return { method, headers, body: request.body, duplex: 'half' };
  }
}

function withQuery(url: string, query: TransportRequest['query']): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    for (const item of typeof value === 'string' ? [value] : value) search.append(key, item);
  }
  const text = search.toString();
  return text === '' ? url : `${url}?${text}`;
}

/** Node's fetch hides the socket error in `cause`: that is the part worth reporting. */
function reasonOf(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  return messageOf(cause ?? error);
}

import http from 'node:http';

/** Requests seen by a {@link CountingProxy}, by HTTP method. */
export type MethodCounts = Record<string, number>;

/** One request through the proxy: when it arrived and when its response was fully sent. */
export interface RequestSpan {
  readonly method: string;
  /** The request's path and query (the bucket and key for S3). */
  readonly path: string;
  /** `performance.now()` when the request reached the proxy. */
  readonly start: number;
  /** `performance.now()` when its response ended (or the exchange failed); undefined while open. */
  end: number | undefined;
}

/** The requests of one measured window (see {@link CountingProxy.window}). */
export interface WindowCounts {
  readonly total: number;
  /** Every request of the window, in arrival order, times relative to the window's start. */
  readonly spans: readonly RequestSpan[];
  /** The longest chain of requests each starting after the previous one ended: {@link serialCount}. */
  readonly serial: number;
  readonly byMethod: MethodCounts;
}

/** Options of {@link CountingProxy.start}. */
export interface CountingProxyOptions {
  /**
   * A fixed delay added to every request before it is forwarded (default 0): a round trip to a
   * distant object store, so that serial requests show in the wall time.
   */
  readonly latencyMs?: number;
}

/**
 * A reverse proxy in front of an S3 endpoint that counts every request, so a benchmark can
 * report how many object-store requests an operation cost — Lance's as well as ours — and how
 * many of them were serial ({@link serialCount}). It can also delay every request by a fixed
 * latency ({@link CountingProxy.latencyMs}).
 */
export class CountingProxy {
  readonly #server: http.Server;
  readonly #counts: MethodCounts;
  readonly #spans: RequestSpan[];
  /** Shared with the request handler, which reads it for each request. */
  readonly #latency: { ms: number };

  private constructor(
    server: http.Server,
    counts: MethodCounts,
    spans: RequestSpan[],
    latency: { ms: number },
  ) {
    this.#server = server;
    this.#counts = counts;
    this.#spans = spans;
    this.#latency = latency;
  }

  static async start(
    target: string,
    options: CountingProxyOptions = {},
  ): Promise<{ proxy: CountingProxy; url: string }> {
    const upstream = new URL(target);
    const counts: MethodCounts = {};
    const spans: RequestSpan[] = [];
    const latency = { ms: 0 };
    const server = http.createServer((req, res) => {
      const method = req.method ?? 'GET';
      counts[method] = (counts[method] ?? 0) + 1;
      const span: RequestSpan = {
        method,
        path: req.url ?? '/',
        start: performance.now(),
        end: undefined,
      };
      spans.push(span);
      const ended = () => {
        span.end ??= performance.now();
      };
      res.on('finish', ended);
      res.on('close', ended);
      const forward = () => {
        const request = http.request(
          {
            host: upstream.hostname,
            port: upstream.port,
            method,
            path: req.url,
            headers: req.headers,
          },
          (reply) => {
            res.writeHead(reply.statusCode ?? 502, reply.headers);
            reply.pipe(res);
          },
        );
        request.on('error', () => res.destroy());
        req.pipe(request);
      };
      // The request body stays paused in the socket until it is piped.
      if (latency.ms > 0) setTimeout(forward, latency.ms);
      else forward();
    });
    const proxy = new CountingProxy(server, counts, spans, latency);
    proxy.latencyMs = options.latencyMs ?? 0;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return { proxy, url: `http://127.0.0.1:${port}` };
  }

  /** The delay added to each request from now on, in milliseconds. */
  get latencyMs(): number {
    return this.#latency.ms;
  }

  set latencyMs(value: number) {
    if (!Number.isFinite(value) || value < 0) throw new Error(`bad latency ${String(value)}`);
    this.#latency.ms = value;
  }

  snapshot(): MethodCounts {
    return { ...this.#counts };
  }

  /**
   * Starts measuring: `close()` reports the requests that arrived since (total, by method, and
   * serial). Requests still open at `close()` count as ending then.
   */
  window(): { close(): WindowCounts } {
    const first = this.#spans.length;
    const opened = performance.now();
    return {
      close: () => {
        const now = performance.now();
        const spans = this.#spans.slice(first).map((span) => ({
          method: span.method,
          path: span.path,
          start: span.start - opened,
          end: (span.end ?? now) - opened,
        }));
        const byMethod: MethodCounts = {};
        for (const span of spans) byMethod[span.method] = (byMethod[span.method] ?? 0) + 1;
        return { total: spans.length, spans, serial: serialCount(spans), byMethod };
      },
    };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#server.close(() => {
        resolve();
      });
    });
  }
}

/**
 * The serial requests of a set of requests: the size of the longest chain of requests in
 * which each one starts at or after the moment the previous one ended (a chain of requests
 * that did not overlap, in start order). Requests issued one after another (each waiting for
 * the previous answer) form one chain as long as their number; requests issued together (in
 * parallel) overlap and add one to a chain at most. With a fixed latency L per request, an
 * operation therefore spends at least `serial × L` waiting on the store, however many requests
 * ran in parallel alongside. Computed exactly (longest path over the "ends before starts"
 * order), in O(n²), which is fine for the hundreds of requests of one operation.
 */
export function serialCount(
  spans: readonly { readonly start: number; readonly end: number }[],
): number {
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  const chain: number[] = [];
  let longest = 0;
  sorted.forEach((span, i) => {
    let best = 0;
    for (let j = 0; j < i; j += 1) {
      const before = sorted[j];
      if (before !== undefined && before.end <= span.start) best = Math.max(best, chain[j] ?? 0);
    }
    chain[i] = best + 1;
    longest = Math.max(longest, best + 1);
  });
  return longest;
}

/** Requests per method between two snapshots, and their total. */
export function countsBetween(
  before: MethodCounts,
  after: MethodCounts,
): { total: number; byMethod: MethodCounts } {
  const byMethod: MethodCounts = {};
  let total = 0;
  for (const [method, n] of Object.entries(after)) {
    const delta = n - (before[method] ?? 0);
    if (delta > 0) byMethod[method] = delta;
    total += delta;
  }
  return { total, byMethod };
}

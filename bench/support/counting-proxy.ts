import http from 'node:http';

/** Requests seen by a {@link CountingProxy}, by HTTP method. */
export type MethodCounts = Record<string, number>;

/**
 * A reverse proxy in front of an S3 endpoint that counts every request, so a benchmark can
 * report how many object-store requests an operation cost — Lance's as well as ours.
 */
export class CountingProxy {
  readonly #server: http.Server;
  readonly #counts: MethodCounts;

  private constructor(server: http.Server, counts: MethodCounts) {
    this.#server = server;
    this.#counts = counts;
  }

  static async start(target: string): Promise<{ proxy: CountingProxy; url: string }> {
    const upstream = new URL(target);
    const counts: MethodCounts = {};
    const server = http.createServer((req, res) => {
      const method = req.method ?? 'GET';
      counts[method] = (counts[method] ?? 0) + 1;
      const forward = http.request(
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
      forward.on('error', () => res.destroy());
      req.pipe(forward);
    });
    const proxy = new CountingProxy(server, counts);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return { proxy, url: `http://127.0.0.1:${port}` };
  }

  snapshot(): MethodCounts {
    return { ...this.#counts };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#server.close(() => {
        resolve();
      });
    });
  }
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

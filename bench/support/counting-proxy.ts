import { Worker } from 'node:worker_threads';

/** Requests seen by a {@link CountingProxy}, by HTTP method. */
export type MethodCounts = Record<string, number>;

/** One request through the proxy: when it arrived and when its response was fully sent. */
export interface RequestSpan {
  readonly method: string;
  /** The request's path and query (the bucket and key for S3). */
  readonly path: string;
  /**
   * When the request reached the proxy, in milliseconds: of the window's start in a
   * {@link WindowCounts}, else on the process's shared clock (`timeOrigin + now()`).
   */
  readonly start: number;
  /** When its response ended (or the exchange failed), likewise; undefined while open. */
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

/** What the proxy's thread is asked (counting-proxy-worker.ts). */
type ProxyRequest =
  | { readonly op: 'latency'; readonly ms: number }
  | { readonly op: 'counts' }
  | { readonly op: 'spans'; readonly since: number }
  | { readonly op: 'stop' };

/** A {@link ProxyRequest} numbered, to match its reply. */
export type ProxyCall = ProxyRequest & { readonly id: number };

/** Its answer to call `id` (id 0: the port it listens on, once it does). */
export interface ProxyReply {
  readonly id: number;
  readonly result: number | MethodCounts | readonly RequestSpan[] | null;
}

/** Milliseconds on a clock every thread of the process shares. */
const sharedNow = () => performance.timeOrigin + performance.now();

/**
 * A reverse proxy in front of an S3 endpoint that counts every request, so a benchmark can
 * report how many object-store requests an operation cost — Lance's as well as ours — and how
 * many of them were serial ({@link serialCount}). It can also delay every request by a fixed
 * latency ({@link CountingProxy.setLatency}). It serves from a worker thread, so that its own
 * work neither waits for nor delays the measured process's.
 */
export class CountingProxy {
  readonly #worker: Worker;
  readonly #pending = new Map<number, (result: ProxyReply['result']) => void>();
  #nextId = 1;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (reply: ProxyReply) => {
      this.#pending.get(reply.id)?.(reply.result);
      this.#pending.delete(reply.id);
    });
  }

  static async start(
    target: string,
    options: CountingProxyOptions = {},
  ): Promise<{ proxy: CountingProxy; url: string }> {
    // The bench runs compiled (scripts/bench.mjs): the server's module lies beside this one.
    const worker = new Worker(new URL('./counting-proxy-worker.js', import.meta.url), {
      workerData: { target },
    });
    const port = await new Promise<number>((resolve, reject) => {
      worker.once('message', (reply: ProxyReply) => {
        resolve(reply.result as number);
      });
      worker.once('error', reject);
    });
    const proxy = new CountingProxy(worker);
    await proxy.setLatency(options.latencyMs ?? 0);
    return { proxy, url: `http://127.0.0.1:${port}` };
  }

  /** Sets the delay added to each request from now on, in milliseconds. */
  async setLatency(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`bad latency ${String(ms)}`);
    await this.#call({ op: 'latency', ms });
  }

  /** Requests so far, by method. */
  async snapshot(): Promise<MethodCounts> {
    return (await this.#call({ op: 'counts' })) as MethodCounts;
  }

  /**
   * Starts measuring: `close()` reports the requests that arrived since (total, by method, and
   * serial). Requests still open at `close()` count as ending then.
   */
  window(): { close(): Promise<WindowCounts> } {
    const opened = sharedNow();
    return {
      close: async () => {
        const arrived = (await this.#call({ op: 'spans', since: opened })) as RequestSpan[];
        const now = sharedNow();
        const spans = arrived.map((span) => ({
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
    const exited = new Promise<void>((resolve) =>
      this.#worker.once('exit', () => {
        resolve();
      }),
    );
    await this.#call({ op: 'stop' });
    await exited;
  }

  #call(request: ProxyRequest): Promise<ProxyReply['result']> {
    const call: ProxyCall = { ...request, id: this.#nextId };
    this.#nextId += 1;
    return new Promise((resolve) => {
      this.#pending.set(call.id, resolve);
      this.#worker.postMessage(call);
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

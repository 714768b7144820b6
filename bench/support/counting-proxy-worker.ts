// The counting proxy's server (see counting-proxy.ts), on a worker thread: on the measured
// process's own event loop, each request's forwarding would queue behind the engine's work and
// delay it in turn, adding the proxy's cost to the figures it exists to take.
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import type { ProxyCall, ProxyReply, RequestSpan } from './counting-proxy.js';

if (!parentPort) throw new Error('counting-proxy-worker runs on a worker thread');
const port = parentPort;
const upstream = new URL((workerData as { target: string }).target);
const counts: Record<string, number> = {};
const spans: RequestSpan[] = [];
let latencyMs = 0;

/** Milliseconds on a clock every thread of the process shares. */
const now = () => performance.timeOrigin + performance.now();

const server = http.createServer((req, res) => {
  const method = req.method ?? 'GET';
  counts[method] = (counts[method] ?? 0) + 1;
  const span: RequestSpan = { method, path: req.url ?? '/', start: now(), end: undefined };
  spans.push(span);
  const ended = () => {
    span.end ??= now();
  };
  res.on('finish', ended);
  res.on('close', ended);
  const forward = () => {
    const request = http.request(
      { host: upstream.hostname, port: upstream.port, method, path: req.url, headers: req.headers },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      },
    );
    request.on('error', () => res.destroy());
    req.pipe(request);
  };
  // The request body stays paused in the socket until it is piped.
  if (latencyMs > 0) setTimeout(forward, latencyMs);
  else forward();
});

function answer(call: ProxyCall): ProxyReply['result'] {
  switch (call.op) {
    case 'latency':
      latencyMs = call.ms;
      return null;
    case 'counts':
      return { ...counts };
    case 'spans':
      return spans.filter((span) => span.start >= call.since);
    case 'stop':
      server.close(() => {
        port.close();
      });
      return null;
  }
}

port.on('message', (call: ProxyCall) => {
  port.postMessage({ id: call.id, result: answer(call) } satisfies ProxyReply);
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  port.postMessage({ id: 0, result: typeof address === 'object' && address ? address.port : 0 });
});

import http from 'node:http';
import net from 'node:net';
import { afterAll } from 'vitest';

/** A local endpoint a test points S3 clients at. */
export interface FakeEndpoint {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Requests (or, for a silent endpoint, connections) received so far. */
  readonly hits: () => number;
}

/** Servers still listening, closed after the test file. */
const servers = new Set<net.Server>();

function close(server: net.Server): Promise<void> {
  servers.delete(server);
  return new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
    if (server instanceof http.Server) server.closeAllConnections();
  });
}

afterAll(async () => {
  await Promise.all([...servers].map(close));
});

async function listen(server: net.Server): Promise<string> {
  servers.add(server);
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

/** An endpoint that accepts connections and never answers. */
export async function silentEndpoint(): Promise<FakeEndpoint> {
  let hits = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    hits += 1;
    sockets.add(socket);
    socket.on('data', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('close', () => {
    for (const socket of sockets) socket.destroy();
  });
  return { url: await listen(server), hits: () => hits };
}

/** A port nothing listens on: connections are refused. */
export async function refusingEndpoint(): Promise<FakeEndpoint> {
  const server = net.createServer();
  const url = await listen(server);
  await close(server);
  return { url, hits: () => 0 };
}

/** An HTTP endpoint answering each request with `handler` (the request number is 1-based). */
export async function scriptedEndpoint(
  handler: (request: http.IncomingMessage, response: http.ServerResponse, n: number) => void,
): Promise<FakeEndpoint> {
  let hits = 0;
  const server = http.createServer((request, response) => {
    hits += 1;
    const n = hits;
    // The body is drained first, so a handler may answer at once.
    request.resume();
    request.on('end', () => {
      handler(request, response, n);
    });
  });
  return { url: await listen(server), hits: () => hits };
}

/** Answers an S3 error document with `status`. */
export function answerError(response: http.ServerResponse, status: number, code: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`;
  response.writeHead(status, { 'content-type': 'application/xml' });
  response.end(body);
}

/**
 * A proxy to `target` that, for requests `intercept` picks, does what it returns instead:
 * `stall` (never answer) or a status to answer with; anything else is forwarded unchanged.
 * Forwarding keeps the Host header, so signed requests stay valid.
 */
export async function interceptingProxy(
  target: string,
  intercept: (request: http.IncomingMessage) => 'stall' | number | undefined,
): Promise<FakeEndpoint> {
  const to = new URL(target);
  let hits = 0;
  const server = http.createServer((request, response) => {
    hits += 1;
    const action = intercept(request);
    if (action === 'stall') {
      request.resume();
      return;
    }
    if (typeof action === 'number') {
      request.resume();
      request.on('end', () => {
        answerError(response, action, 'InternalError');
      });
      return;
    }
    const upstream = http.request(
      {
        host: to.hostname,
        port: to.port,
        method: request.method,
        path: request.url,
        headers: request.headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => {
      response.destroy();
    });
    request.pipe(upstream);
  });
  return { url: await listen(server), hits: () => hits };
}

import type { AddressInfo } from 'node:net';
import type { CliIo } from './cli-io.js';
import { formatBindAddress, type BindAddress } from './bind-address.js';

/** Resolves with the first SIGTERM or SIGINT; a second one ends the process at once. */
export function shutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      // An operator who asks twice wants the process gone, in-flight requests or not.
      process.once('SIGTERM', () => process.exit(1));
      process.once('SIGINT', () => process.exit(1));
      resolve(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

/** The HTTP application as serving needs it (what `createServer` returns). */
export interface ListeningApp {
  listen(options: { readonly host: string; readonly port: number }): Promise<string>;
  close(): Promise<unknown>;
  readonly server: { address(): AddressInfo | string | null };
}

/** What {@link serveUntilSignal} needs. */
export interface ServeOptions {
  readonly app: ListeningApp;
  readonly bind: BindAddress;
  readonly io: CliIo;
  /** Called once listening, with the address bound (the real port when 0 was asked). */
  readonly onListening?: (address: BindAddress) => void;
  /** Resolves when the server should stop; {@link shutdownSignal} by default. */
  readonly stop?: Promise<unknown>;
}

/**
 * Listens, prints `OMNIGRAPH_LISTEN_ADDR=<host:port>` on stdout (supervisors and tests read the
 * port from it), waits for the stop signal, then closes: no new requests, in-flight ones
 * finish (bounded by the server's grace period), graphs close.
 */
export async function serveUntilSignal(options: ServeOptions): Promise<void> {
  const stop = options.stop ?? shutdownSignal();
  const { app, io } = options;
  await app.listen({ host: options.bind.host, port: options.bind.port });
  const { port } = app.server.address() as AddressInfo;
  const bound = { host: options.bind.host, port };
  io.stdout(`OMNIGRAPH_LISTEN_ADDR=${formatBindAddress(bound)}\n`);
  options.onListening?.(bound);
  await stop;
  io.stderr('shutting down: finishing in-flight requests\n');
  await app.close();
}

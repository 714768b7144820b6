import { OmniError } from '../util/omni-error.js';

/** Where a server listens. */
export interface BindAddress {
  readonly host: string;
  /** 0 asks the system for a free port. */
  readonly port: number;
}

/** The address `omnigraph-server` and `omnigraph demo` listen on by default. */
export const DEFAULT_BIND = '127.0.0.1:8080';

/**
 * Parses `host:port` (`[::1]:8080` for IPv6). A missing or non-numeric port is a `usage` error.
 *
 * @example parseBindAddress('0.0.0.0:8080') // { host: '0.0.0.0', port: 8080 }
 */
export function parseBindAddress(text: string): BindAddress {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim());
  const port = Number(match?.[3]);
  const host = match?.[1] ?? match?.[2];
  if (host === undefined || !Number.isInteger(port) || port > 65_535) {
    throw new OmniError('usage', `invalid bind address '${text}': expected host:port`);
  }
  return { host, port };
}

/** `host:port` as a client dials it (IPv6 hosts in brackets). */
export function formatBindAddress(address: BindAddress): string {
  return address.host.includes(':')
    ? `[${address.host}]:${address.port}`
    : `${address.host}:${address.port}`;
}

import type { Env } from '../api/settings-from-env.js';

/** The limits of an HTTP server. */
export interface ServerLimits {
  /** Largest request body of most routes, in bytes. Default 1 MiB. */
  readonly bodyBytes: number;
  /** Largest request body of `/load`, `/load/ndjson` and `/ingest`, in bytes. Default 32 MiB. */
  readonly loadBodyBytes: number;
  /** Concurrent admission-gated requests one actor may have. Default 16. */
  readonly actorInflight: number;
  /** Estimated bytes one actor's admission-gated requests may hold at once. Default 4 GiB. */
  readonly actorBytes: number;
  /** How long `close()` waits for in-flight requests before cutting connections, in ms. Default 30 s. */
  readonly shutdownGraceMs: number;
}

/** The defaults of {@link ServerLimits}. */
export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  bodyBytes: 1024 * 1024,
  loadBodyBytes: 32 * 1024 * 1024,
  actorInflight: 16,
  actorBytes: 4 * 1024 * 1024 * 1024,
  shutdownGraceMs: 30_000,
};

/**
 * The admission limits of an environment: `OMNIGRAPH_PER_ACTOR_INFLIGHT_MAX` and
 * `OMNIGRAPH_PER_ACTOR_BYTES_MAX`. A value that is not a positive integer falls back to its
 * default, as a bad value must not take a server down.
 */
export function serverLimitsFromEnv(env: Env): Partial<ServerLimits> {
  const positive = (name: string): number | undefined => {
    const text = env[name]?.trim() ?? '';
    const value = Number(text);
    return /^[0-9]+$/.test(text) && Number.isSafeInteger(value) && value > 0 ? value : undefined;
  };
  const inflight = positive('OMNIGRAPH_PER_ACTOR_INFLIGHT_MAX');
  const bytes = positive('OMNIGRAPH_PER_ACTOR_BYTES_MAX');
  return {
    ...(inflight === undefined ? {} : { actorInflight: inflight }),
    ...(bytes === undefined ? {} : { actorBytes: bytes }),
  };
}

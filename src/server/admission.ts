import { OmniError } from '../util/omni-error.js';

/** The admission key of requests without an actor (open mode). */
export const ANONYMOUS_ACTOR = 'anonymous';

/** Seconds a client is told to wait after a 429. */
export const RETRY_AFTER_SECONDS = 60;

interface Usage {
  inflight: number;
  bytes: number;
}

/**
 * Per-actor admission of writes: at most `inflight` concurrent requests and `bytes` estimated
 * request bytes per actor; past either, `too_many_requests` at once (never queued). Reads are
 * never admitted through here.
 */
export class Admission {
  readonly #inflight: number;
  readonly #bytes: number;
  readonly #usage = new Map<string, Usage>();

  constructor(limits: { readonly inflight: number; readonly bytes: number }) {
    this.#inflight = limits.inflight;
    this.#bytes = limits.bytes;
  }

  /** Runs `work` under `actor`'s budget, holding `bytes` of it until `work` settles. */
  async run<T>(actor: string | null, bytes: number, work: () => Promise<T>): Promise<T> {
    const key = actor ?? ANONYMOUS_ACTOR;
    const usage = this.#usage.get(key) ?? { inflight: 0, bytes: 0 };
    if (usage.inflight >= this.#inflight) {
      throw tooMany(`actor in-flight count cap ${this.#inflight} exceeded`);
    }
    if (usage.bytes + bytes > this.#bytes) {
      throw tooMany(
        `actor byte budget exceeded: would use ${usage.bytes + bytes} bytes against cap ${this.#bytes}`,
      );
    }
    usage.inflight += 1;
    usage.bytes += bytes;
    this.#usage.set(key, usage);
    try {
      return await work();
    } finally {
      usage.inflight -= 1;
      usage.bytes -= bytes;
      if (usage.inflight === 0) this.#usage.delete(key);
    }
  }
}

function tooMany(message: string): OmniError {
  return new OmniError('too_many_requests', message, {
    details: { retry_after_seconds: RETRY_AFTER_SECONDS },
  });
}

import { hostname } from 'node:os';
import { newUlid } from '../util/ulid.js';
import { readJsonIfExists, writeJson } from '../storage/json-object.js';
import type { ObjectStore } from '../storage/object-store.js';
import { PutModes } from '../storage/object-store.js';
import { OmniError } from '../util/omni-error.js';
import { GraphKeys } from './graph-layout.js';

/** What the lease object says about its holder. */
export interface LeaseRecord {
  readonly owner: string;
  readonly pid: number;
  readonly host: string;
  readonly acquired_at: number;
  /** Epoch milliseconds; after this the lease may be taken over. */
  readonly expires_at: number;
}

/** Tunables of {@link WriterLease}. */
export interface LeaseOptions {
  /** How long a lease lives without renewal. */
  readonly ttlMs: number;
  /** How long an acquirer waits for another holder before failing. */
  readonly waitMs: number;
}

export const DEFAULT_LEASE_OPTIONS: LeaseOptions = {
  ttlMs: Number(process.env.OMNIGRAPH_LEASE_TTL_MS ?? 30_000),
  waitMs: Number(process.env.OMNIGRAPH_WRITER_WAIT_MS ?? 30_000),
};

/**
 * True when the holder is a process of this host that no longer exists: a writer that crashed
 * (or was killed) does not make the next one wait out its lease. Holders on other hosts, and
 * live ones, are only taken over once the lease expires.
 */
function holderIsDead(holder: LeaseRecord): boolean {
  if (holder.host !== hostname() || holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** The errors of a take that gave up on a live holder (as opposed to any other failure). */
const BUSY_ERRORS = new WeakSet<OmniError>();

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The cross-process writer lease of one graph: an object created with a create-only put,
 * renewed with if-match puts while held, and taken over with an if-match put only once it
 * has expired or its holder is a dead process of this host. Holds are counted, so concurrent
 * writes of one process share one lease (and one take). Taking it from nobody runs `onTaken`
 * first: the moment leftover recovery intents can be resolved safely.
 */
export class WriterLease {
  readonly #store: ObjectStore;
  readonly #options: LeaseOptions;
  readonly #owner = newUlid();
  #etag: string | undefined;
  #expiresAt = 0;
  #holds = 0;
  #lost = false;
  #timer: NodeJS.Timeout | undefined;
  /** The take in progress: concurrent acquirers of this process join it instead of racing it. */
  #taking: Promise<void> | undefined;

  readonly #onTaken: () => Promise<void>;

  /**
   * `onTaken` runs each time this process takes the lease from nobody, before any acquirer
   * proceeds: the moment every recovery intent on the store is a dead writer's, so it is where
   * recovery runs. If it fails, the lease is released and the acquirers fail.
   */
  constructor(
    store: ObjectStore,
    options: LeaseOptions = DEFAULT_LEASE_OPTIONS,
    onTaken: () => Promise<void> = () => Promise.resolve(),
  ) {
    this.#store = store;
    this.#options = options;
    this.#onTaken = onTaken;
  }

  /** Takes (or joins) the lease; resolves `true` when this call took it from nobody. */
  async acquire(): Promise<boolean> {
    return this.#acquire(this.#options.waitMs);
  }

  /**
   * Takes (or joins) the lease without waiting for another holder: resolves `undefined` when
   * a live process holds it, else like {@link acquire}. A read-write open uses it to recover
   * only when no other writer is at work.
   */
  async tryAcquire(): Promise<boolean | undefined> {
    try {
      return await this.#acquire(0);
    } catch (error) {
      if (error instanceof OmniError && BUSY_ERRORS.has(error)) return undefined;
      throw error;
    }
  }

  async #acquire(waitMs: number): Promise<boolean> {
    this.#holds += 1;
    try {
      if (this.#taking) {
        // Another call of this process is taking the lease: share its outcome.
        await this.#taking;
        return false;
      }
      if (this.#etag !== undefined) {
        await this.ensureValid();
        return false;
      }
      this.#taking = this.#take(waitMs).then(() => {
        this.#timer = setInterval(
          () => void this.#renew().catch(() => undefined),
          this.#options.ttlMs / 3,
        );
        this.#timer.unref();
        return this.#onTaken();
      });
      try {
        await this.#taking;
      } finally {
        this.#taking = undefined;
      }
    } catch (error) {
      await this.release();
      throw error;
    }
    return true;
  }

  async #take(waitMs: number): Promise<void> {
    const deadline = Date.now() + waitMs;
    let backoff = 25;
    for (;;) {
      const record = this.#record();
      try {
        this.#etag = await writeJson(this.#store, GraphKeys.lease, record, PutModes.create);
        this.#expiresAt = record.expires_at;
        this.#lost = false;
        return;
      } catch (error) {
        if (!(error instanceof OmniError && error.code === 'precondition_failed')) throw error;
      }
      const current = await readJsonIfExists<LeaseRecord>(this.#store, GraphKeys.lease);
      if (current && (current.value.expires_at < Date.now() || holderIsDead(current.value))) {
        try {
          this.#etag = await writeJson(
            this.#store,
            GraphKeys.lease,
            record,
            PutModes.ifMatch(current.etag),
          );
          this.#expiresAt = record.expires_at;
          this.#lost = false;
          return;
        } catch (error) {
          if (!(error instanceof OmniError && error.code === 'precondition_failed')) throw error;
        }
      }
      if (Date.now() >= deadline) throw this.#busy(current?.value, waitMs);
      await sleep(backoff + Math.random() * backoff);
      backoff = Math.min(backoff * 2, 500);
    }
  }

  #busy(holder: LeaseRecord | undefined, waitMs: number): OmniError {
    const who = holder ? `process ${holder.pid} on ${holder.host}` : 'another process';
    const error = new OmniError(
      'conflict',
      `graph ${this.#store.uri} is being written by ${who}; gave up after waiting ${waitMs} ms (one writer process at a time)`,
      { details: holder ? { holder_pid: holder.pid, holder_host: holder.host } : {} },
    );
    BUSY_ERRORS.add(error);
    return error;
  }

  #record(): LeaseRecord {
    const now = Date.now();
    return {
      owner: this.#owner,
      pid: process.pid,
      host: hostname(),
      acquired_at: now,
      expires_at: now + this.#options.ttlMs,
    };
  }

  async #renew(): Promise<void> {
    if (this.#etag === undefined || this.#lost) return;
    const record = this.#record();
    try {
      this.#etag = await writeJson(
        this.#store,
        GraphKeys.lease,
        record,
        PutModes.ifMatch(this.#etag),
      );
      this.#expiresAt = record.expires_at;
    } catch (error) {
      if (error instanceof OmniError && error.code === 'precondition_failed') this.#lost = true;
      throw error;
    }
  }

  /**
   * Checked before every publish: fails if the lease was lost, and renews it when less than
   * half its lifetime is left, so a publish never happens under an expired lease.
   */
  async ensureValid(): Promise<void> {
    if (this.#etag === undefined) throw new OmniError('internal', 'writer lease is not held');
    if (!this.#lost && this.#expiresAt - Date.now() < this.#options.ttlMs / 2) await this.#renew();
    if (this.#lost || this.#expiresAt <= Date.now()) {
      throw new OmniError(
        'conflict',
        `writer lease of ${this.#store.uri} was lost; the write was not published`,
      );
    }
  }

  /** Drops one hold; the last one deletes the lease object. */
  async release(): Promise<void> {
    this.#holds -= 1;
    if (this.#holds > 0 || this.#etag === undefined) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
    const wasLost = this.#lost;
    this.#etag = undefined;
    if (!wasLost) await this.#store.delete(GraphKeys.lease);
  }
}

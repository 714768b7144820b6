import { hostname } from 'node:os';
import { newUlid } from '../../util/ulid.js';
import { readJsonIfExists, writeJson } from '../../storage/json-object.js';
import type { ObjectStore } from '../../storage/object-store.js';
import { PutModes } from '../../storage/object-store.js';
import { OmniError } from '../../util/omni-error.js';
import { DEFAULT_SETTINGS, type WriterSettings } from '../../api/settings.js';
import { GraphKeys } from '../root/index.js';

/** What the lease object says about its holder. */
export interface LeaseRecord {
  readonly owner: string;
  readonly pid: number;
  readonly host: string;
  readonly acquired_at: number;
  /** Epoch milliseconds; after this the lease may be taken over. */
  readonly expires_at: number;
}

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
 * first: the moment leftover recovery intents can be resolved safely. A write's hold may
 * linger: the idle lease is kept (and renewed) for `lingerMs`, and deleted then, at `close`,
 * or when the process runs out of work, whichever comes first.
 */
export class WriterLease {
  readonly #store: ObjectStore;
  readonly #options: WriterSettings;
  readonly #owner = newUlid();
  #etag: string | undefined;
  #expiresAt = 0;
  #holds = 0;
  #lost = false;
  #timer: NodeJS.Timeout | undefined;
  /** The take in progress: concurrent acquirers of this process join it instead of racing it. */
  #taking: Promise<void> | undefined;
  /** Set while an idle lease lingers: the pending release. */
  #linger: NodeJS.Timeout | undefined;
  /** The deletion of the lease object in progress; a take waits for it. */
  #deleting: Promise<void> | undefined;
  /** A write left an intent for recovery: the next take must run `onTaken`, so do not linger. */
  #recoveryDue = false;
  readonly #releaseAtExit = () => void this.close();

  readonly #onTaken: () => Promise<void>;

  /**
   * `onTaken` runs each time this process takes the lease from nobody, before any acquirer
   * proceeds: the moment every recovery intent on the store is a dead writer's, so it is where
   * recovery runs. If it fails, the lease is released and the acquirers fail.
   */
  constructor(
    store: ObjectStore,
    options: WriterSettings = DEFAULT_SETTINGS.writer,
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
    const lingered = this.#stopLingering();
    try {
      if (this.#taking) {
        // Another call of this process is taking the lease: share its outcome.
        await this.#taking;
        return false;
      }
      if (this.#etag !== undefined && (await this.#stillHeld(lingered))) return false;
      this.#taking = this.#take(waitMs).then(() => {
        this.#timer = setInterval(
          () => void this.#renew().catch(() => undefined),
          this.#options.leaseTtlMs / 3,
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

  /**
   * Whether the held lease can serve a new hold. A lingering one that was lost or has expired
   * is dropped instead (another process may have written since): the caller takes the lease
   * again, recovery included.
   */
  async #stillHeld(lingered: boolean): Promise<boolean> {
    if (!lingered) {
      await this.ensureValid();
      return true;
    }
    try {
      await this.ensureValid();
      return true;
    } catch (error) {
      // A renewal that failed for another reason leaves the lease ours: fail as before.
      if (!this.#lost && this.#expiresAt > Date.now()) throw error;
      this.#forget();
      return false;
    }
  }

  async #take(waitMs: number): Promise<void> {
    await this.#deleting?.catch(() => undefined);
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
      expires_at: now + this.#options.leaseTtlMs,
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
    if (!this.#lost && this.#expiresAt - Date.now() < this.#options.leaseTtlMs / 2)
      await this.#renew();
    if (this.#lost || this.#expiresAt <= Date.now()) {
      throw new OmniError(
        'conflict',
        `writer lease of ${this.#store.uri} was lost; the write was not published`,
      );
    }
  }

  /**
   * Called when a write left its recovery intent behind (its undo failed, or its publish may or
   * may not have happened): the lease is then deleted at the last release, not kept lingering,
   * so that the next write takes it again and recovery resolves the intent first.
   */
  recoveryDue(): void {
    this.#recoveryDue = true;
  }

  /** Drops one hold; the last one deletes the lease object. */
  async release(): Promise<void> {
    this.#holds -= 1;
    if (this.#holds > 0 || this.#etag === undefined) return;
    await this.#delete();
  }

  /**
   * Drops one hold; the last one keeps the lease for `lingerMs` before deleting it, unless a
   * recovery is due. A write that follows within that time reuses the lease: no take, no
   * recovery scan (nobody else can have written while this process held it) and no delete.
   */
  async releaseLingering(): Promise<void> {
    if (this.#recoveryDue || this.#options.lingerMs <= 0) return this.release();
    this.#holds -= 1;
    if (this.#holds > 0 || this.#etag === undefined) return;
    this.#linger = setTimeout(() => void this.close(), this.#options.lingerMs);
    this.#linger.unref();
    // The timer does not keep the process alive; running out of work releases at once instead.
    process.once('beforeExit', this.#releaseAtExit);
  }

  /** Deletes a lingering lease now; a no-op when the lease is not lingering. */
  async close(): Promise<void> {
    if (!this.#stopLingering() || this.#holds > 0 || this.#etag === undefined) return;
    await this.#delete().catch(() => undefined);
  }

  /** Stops a pending lingering release; true when there was one. */
  #stopLingering(): boolean {
    if (this.#linger === undefined) return false;
    clearTimeout(this.#linger);
    this.#linger = undefined;
    process.off('beforeExit', this.#releaseAtExit);
    return true;
  }

  /** Forgets the held lease without touching the object (lost, or left to expire). */
  #forget(): boolean {
    clearInterval(this.#timer);
    this.#timer = undefined;
    const wasLost = this.#lost;
    this.#etag = undefined;
    this.#recoveryDue = false;
    return wasLost;
  }

  async #delete(): Promise<void> {
    if (this.#forget()) return;
    this.#deleting = this.#store.delete(GraphKeys.lease);
    try {
      await this.#deleting;
    } finally {
      this.#deleting = undefined;
    }
  }
}

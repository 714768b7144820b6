import { hostname } from 'node:os';
import { newUlid } from '../../util/ulid.js';
import { writeJson } from '../../storage/json-object.js';
import type { ObjectStore } from '../../storage/object-store.js';
import { PutModes } from '../../storage/object-store.js';
import { OmniError } from '../../util/omni-error.js';
import { DEFAULT_SETTINGS, type WriterSettings } from '../../api/settings.js';
import { GraphKeys, type RecoveryIntent } from '../root/index.js';
import { describeHolder, readLease, type LeaseRecord } from './lease-record.js';

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

/** What {@link WriterLease}'s `onTaken` learns of the take. */
export interface LeaseTake {
  /** The take's fencing token (`LeaseRecord.generation`). */
  readonly generation: string;
  /** The take replaced a holder that may still be running (`LeaseRecord.replaced_live`). */
  readonly replacedLive: boolean;
  /** The generation of the holder the take replaced (an expired or dead one), if any. */
  readonly replaced?: string;
  /**
   * The intents listed beside the take's first put (the constructor's `listIntents`), when that
   * put landed: the lease object was absent then, so whoever held the lease while the listing
   * ran has released it since. Undefined when the take had to wait or take over: recovery then
   * lists after the take.
   */
  readonly listedBeside?: Promise<readonly RecoveryIntent[]>;
}

/**
 * One hold of the lease ({@link WriterLease.hold}): whether it took the lease from nobody, and
 * the recovery of that take, which may still run.
 */
export interface LeaseHold {
  readonly took: boolean;
  /**
   * The take's recovery (`onTaken`): resolves whether it resolved any leftover intent (heads
   * may have moved), or rejects when it failed. A writer awaits it before its first effect.
   */
  readonly recovery: Promise<boolean>;
  /**
   * The hold waited for another process's lease, or took over an expired one: storage was not
   * free all the while it was asked for (a write that recorded its intent meanwhile starts over).
   */
  readonly waited: boolean;
}

/** The recovery of a take that ran none, or whose outcome has been acted on. */
export const NO_RECOVERY: Promise<boolean> = Promise.resolve(false);

/** The errors of a take that gave up on a live holder (as opposed to any other failure). */
const BUSY_ERRORS = new WeakSet<OmniError>();

/** The errors of a fence that found the lease taken over (as opposed to any other failure). */
const LOST_ERRORS = new WeakSet<OmniError>();

/** True when `error` is a {@link WriterLease.fence} failure: another process holds the lease now. */
export function isLeaseLost(error: unknown): boolean {
  return error instanceof OmniError && LOST_ERRORS.has(error);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The cross-process writer lease of one graph: an object created with a create-only put,
 * renewed with if-match puts while held, and taken over with an if-match put only once it
 * has expired or its holder is a dead process of this host. Holds are counted, so concurrent
 * writes of one process share one lease (and one take). Taking it from nobody starts
 * `onTaken`: the moment leftover recovery intents can be resolved safely. It holds the lease
 * while it runs, and every holder waits for it before its first effect. A write's hold may
 * linger: the idle lease is kept (and renewed) for `lingerMs`, and deleted then, at `close`,
 * or when the process runs out of work, whichever comes first. Each take has a new
 * generation (the fencing token, `LeaseRecord.generation`): {@link WriterLease.fence} passes
 * only while the lease object still holds it, and writers call it before every effect.
 */
export class WriterLease {
  readonly #store: ObjectStore;
  readonly #options: WriterSettings;
  readonly #owner = newUlid();
  /** The fencing token of the current take (see `LeaseRecord.generation`). */
  #generation = '';
  /** The renewal in flight, and the take it renews. */
  #renewing: { readonly generation: string; readonly promise: Promise<void> } | undefined;
  /** Whether the current take replaced a holder that may still run (`LeaseRecord.replaced_live`). */
  #replacedLive = false;
  /** The generation of the holder the current take replaced, if any. */
  #replaced: string | undefined;
  #etag: string | undefined;
  #expiresAt = 0;
  /** When the request that last proved this take current was sent (`performance.now()`). */
  #confirmedAt = Number.NEGATIVE_INFINITY;
  /** When the last table effect of this process's writes ended (`performance.now()`). */
  #effectEndedAt = Number.NEGATIVE_INFINITY;
  #holds = 0;
  #lost = false;
  #timer: NodeJS.Timeout | undefined;
  /** The take in progress: concurrent acquirers of this process join it instead of racing it. */
  #taking: Promise<void> | undefined;
  /** The current take's recovery (see {@link LeaseHold.recovery}). */
  #recovery: Promise<boolean> = NO_RECOVERY;
  /** Whether the current take waited or took over (see {@link LeaseHold.waited}). */
  #waited = false;
  /** The intents listed beside the current take's first put, when it landed. */
  #listedBeside: Promise<readonly RecoveryIntent[]> | undefined;
  /** Set while an idle lease lingers: the pending release. */
  #linger: NodeJS.Timeout | undefined;
  /** The deletion of the lease object in progress; a take waits for it. */
  #deleting: Promise<void> | undefined;
  /** A write left an intent for recovery: the next take must run `onTaken`, so do not linger. */
  #recoveryDue = false;
  readonly #releaseAtExit = () => void this.close();

  readonly #onTaken: (take: LeaseTake) => Promise<boolean>;
  readonly #beforeRelease: () => Promise<void>;
  readonly #listIntents: (() => Promise<readonly RecoveryIntent[]>) | undefined;

  /**
   * `onTaken` runs each time this process takes the lease from nobody: the moment every
   * recovery intent on the store is a dead writer's (or a write's of this process, which it
   * skips), so it is where recovery runs; it resolves whether it resolved any. {@link acquire}
   * waits for it; {@link hold} hands it to the writer, which waits for it before its first
   * effect. If it fails, the lease is deleted at the last release and every holder fails.
   * `beforeRelease` runs before the lease object is deleted, still holding it (a take waits for
   * both): where the writes' leftovers are tidied, so the next holder does not find them. It
   * must not throw. `listIntents`, when given, runs beside each take's first put: when that put
   * lands, `onTaken` gets its listing (`LeaseTake.listedBeside`), so recovery need not list after
   * the take (one request less in a row before a write's first effect).
   */
  constructor(
    store: ObjectStore,
    options: WriterSettings = DEFAULT_SETTINGS.writer,
    onTaken: (take: LeaseTake) => Promise<boolean> = () => NO_RECOVERY,
    beforeRelease: () => Promise<void> = () => Promise.resolve(),
    listIntents?: () => Promise<readonly RecoveryIntent[]>,
  ) {
    this.#store = store;
    this.#options = options;
    this.#onTaken = onTaken;
    this.#beforeRelease = beforeRelease;
    this.#listIntents = listIntents;
  }

  /**
   * Whether this process holds the lease (lingering included) or is taking it: a hold then
   * needs no take of its own (or joins the one under way).
   */
  get held(): boolean {
    return this.#etag !== undefined || this.#taking !== undefined;
  }

  /**
   * The generation the take under way will hold the lease with; undefined when no take is
   * under way. A write records it in an intent it records beside the take.
   */
  get takingGeneration(): string | undefined {
    return this.#taking === undefined ? undefined : this.#generation;
  }

  /**
   * Takes (or joins) the lease and waits for the take's recovery; resolves `true` when this call
   * took it from nobody.
   */
  async acquire(): Promise<boolean> {
    return this.#recovered(await this.#acquire(this.#options.waitMs));
  }

  /**
   * Takes (or joins) the lease without waiting for the take's recovery, which the holder must
   * await before its first effect (a write awaits it beside its intent's put).
   */
  async hold(): Promise<LeaseHold> {
    return this.#acquire(this.#options.waitMs);
  }

  /**
   * Takes (or joins) the lease without waiting for another holder: resolves `undefined` when
   * a live process holds it, else like {@link acquire}. A read-write open uses it to recover
   * only when no other writer is at work.
   */
  async tryAcquire(): Promise<boolean | undefined> {
    let hold: LeaseHold;
    try {
      hold = await this.#acquire(0);
    } catch (error) {
      if (error instanceof OmniError && BUSY_ERRORS.has(error)) return undefined;
      throw error;
    }
    return this.#recovered(hold);
  }

  /** Waits for a hold's recovery; when it failed, drops the hold and fails. */
  async #recovered(hold: LeaseHold): Promise<boolean> {
    try {
      await hold.recovery;
    } catch (error) {
      await this.release();
      throw error;
    }
    return hold.took;
  }

  async #acquire(waitMs: number): Promise<LeaseHold> {
    this.#holds += 1;
    const lingered = this.#stopLingering();
    try {
      if (this.#taking) {
        // Another call of this process is taking the lease: share its outcome.
        await this.#taking;
        return { took: false, recovery: this.#recovery, waited: this.#waited };
      }
      if (this.#etag !== undefined && (await this.#stillHeld(lingered)))
        return { took: false, recovery: this.#recovery, waited: false };
      this.#taking = this.#take(waitMs).then(() => {
        this.#timer = setInterval(
          () => void this.#renew().catch(() => undefined),
          this.#options.leaseTtlMs / 3,
        );
        this.#timer.unref();
        this.#recovery = this.#recover();
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
    return { took: true, recovery: this.#recovery, waited: this.#waited };
  }

  /**
   * Starts the recovery of the take that has just landed (`onTaken`). It holds the lease until
   * it ends, whatever its holders do meanwhile.
   */
  #recover(): Promise<boolean> {
    this.#holds += 1;
    const recovery = this.#onTaken({
      generation: this.#generation,
      replacedLive: this.#replacedLive,
      ...(this.#replaced === undefined ? {} : { replaced: this.#replaced }),
      ...(this.#listedBeside === undefined ? {} : { listedBeside: this.#listedBeside }),
    });
    this.#listedBeside = undefined;
    // A failed recovery is every holder's error (this handler runs before theirs); the lease
    // goes at the last release, so the next take runs recovery again.
    recovery
      .then(
        () => this.releaseLingering(),
        () => {
          this.#recoveryDue = true;
          return this.release();
        },
      )
      .catch(() => undefined);
    return recovery;
  }

  /**
   * Whether the held lease can serve a new hold. A lingering one that was lost or has expired
   * is dropped instead (another process may have written since): the caller takes the lease
   * again, recovery included. One with half its lifetime ahead serves without a request.
   */
  async #stillHeld(lingered: boolean): Promise<boolean> {
    if (
      !lingered ||
      (!this.#lost && this.#expiresAt - Date.now() >= this.#options.leaseTtlMs / 2)
    ) {
      // Nobody may take over a lease before it expires: the write's own fence asks storage
      // before its first effect, alongside its intent.
      if (this.#lost) throw await this.#lostError();
      return true;
    }
    try {
      await this.fence();
      return true;
    } catch (error) {
      // A renewal that failed for another reason leaves the lease ours: fail as before.
      if (!this.#lost && this.#expiresAt > Date.now()) throw error;
      this.#forget();
      return false;
    }
  }

  async #take(waitMs: number): Promise<void> {
    // Known at once: a write records it in the intent it records beside the take.
    this.#generation = newUlid();
    this.#waited = false;
    await this.#deleting?.catch(() => undefined);
    const listing = this.#listIntents?.();
    // Used only when the first put lands; its failure is then recovery's.
    listing?.catch(() => undefined);
    const deadline = Date.now() + waitMs;
    let backoff = 25;
    for (;;) {
      this.#replacedLive = false;
      this.#replaced = undefined;
      const record = this.#record();
      const sentAt = performance.now();
      try {
        this.#etag = await writeJson(this.#store, GraphKeys.lease, record, PutModes.create);
        this.#held(record, sentAt);
        this.#listedBeside = this.#waited ? undefined : listing;
        return;
      } catch (error) {
        if (!(error instanceof OmniError && error.code === 'precondition_failed')) throw error;
      }
      this.#waited = true;
      const current = await readLease(this.#store);
      const dead = current !== undefined && holderIsDead(current.value);
      if (current && (current.value.expires_at < Date.now() || dead)) {
        this.#replacedLive = !dead;
        this.#replaced = current.value.generation;
        const takeover = this.#record();
        const sentAt = performance.now();
        try {
          this.#etag = await writeJson(
            this.#store,
            GraphKeys.lease,
            takeover,
            PutModes.ifMatch(current.etag),
          );
          this.#held(takeover, sentAt);
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

  /** Records a take that landed: the object holds `record` since a request sent at `sentAt`. */
  #held(record: LeaseRecord, sentAt: number): void {
    this.#expiresAt = record.expires_at;
    this.#confirmedAt = sentAt;
    this.#lost = false;
  }

  #busy(holder: LeaseRecord | undefined, waitMs: number): OmniError {
    const who = describeHolder(holder);
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
      generation: this.#generation,
      replaced_live: this.#replacedLive,
      pid: process.pid,
      host: hostname(),
      acquired_at: now,
      expires_at: now + this.#options.leaseTtlMs,
    };
  }

  /**
   * Renews the lease. Renewals of one take never race each other (the loser of two if-match
   * puts with one etag would think the lease lost): a renewal in flight is joined.
   */
  #renew(): Promise<void> {
    const generation = this.#generation;
    if (this.#renewing?.generation !== generation) {
      const promise = this.#renewOnce().finally(() => {
        if (this.#renewing?.promise === promise) this.#renewing = undefined;
      });
      this.#renewing = { generation, promise };
    }
    return this.#renewing.promise;
  }

  async #renewOnce(): Promise<void> {
    if (this.#etag === undefined || this.#lost) return;
    const record = this.#record();
    // A renewal still in flight when its take ended must not touch the next take's state.
    const current = () => this.#generation === record.generation;
    const sentAt = performance.now();
    try {
      const etag = await writeJson(
        this.#store,
        GraphKeys.lease,
        record,
        PutModes.ifMatch(this.#etag),
      );
      if (!current()) return;
      this.#etag = etag;
      this.#expiresAt = record.expires_at;
      this.#confirmedAt = Math.max(this.#confirmedAt, sentAt);
    } catch (error) {
      const lost = error instanceof OmniError && error.code === 'precondition_failed';
      if (lost && current()) this.#lost = true;
      throw error;
    }
  }

  /**
   * The fencing check, run before every effect of a write: passes only while the lease object
   * still holds this take's generation, else fails with a `conflict` naming the new holder (see
   * {@link isLeaseLost}). A lease with less than half its lifetime left is renewed instead (an
   * if-match put: the same check, atomically), so one that expired while nobody took it over
   * (a slow renewal, a busy machine) stays this process's.
   */
  async fence(): Promise<void> {
    if (this.#etag === undefined) throw new OmniError('internal', 'writer lease is not held');
    if (!this.#lost && this.#expiresAt - Date.now() < this.#options.leaseTtlMs / 2) {
      await this.#renewSince(performance.now());
    } else if (!this.#lost) {
      await this.#confirm();
    }
    if (this.#lost) throw await this.#lostError();
  }

  /**
   * Renews the lease by a renewal sent at or after `askedAt`. The one in flight, if any, is
   * awaited first: sent before a pause, it can succeed after the lease ran out and was taken
   * over, so it proves nothing about now.
   */
  async #renewSince(askedAt: number): Promise<void> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await this.#renew().catch((error: unknown) => {
        if (!this.#lost) throw error;
      });
      if (this.#lost || this.#confirmedAt >= askedAt) return;
    }
  }

  /**
   * Whether a request sent since the last table effect of this process's writes ended proved
   * this take current (its take, a renewal or a {@link fence}), and the lease needs no renewal
   * yet: a write's fence may rely on that proof instead of asking storage again (see
   * `WriteFence`). Effects that start while others run (the tables of one write, written at once)
   * share the proof from before them: a writer paused after it commits at most one version on
   * each table, as after its own check, and the next writer resets each.
   */
  confirmedSinceEffects(): boolean {
    return (
      this.#etag !== undefined &&
      !this.#lost &&
      this.#confirmedAt >= this.#effectEndedAt &&
      this.#expiresAt - Date.now() >= this.#options.leaseTtlMs / 2
    );
  }

  /** Runs a table effect of a write, so that a proof from before it ends does not count after. */
  async effect<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } finally {
      this.#effectEndedAt = performance.now();
    }
  }

  /**
   * The current take's fencing token, or undefined while the lease is not held. What this
   * process learnt of storage under one take stays true for that take: only the lease's holder
   * moves a branch head.
   */
  get take(): string | undefined {
    return this.#etag === undefined || this.#lost ? undefined : this.#generation;
  }

  /** Compares the lease object with this take: its etag, or (after an ambiguous put) its generation. */
  async #confirm(): Promise<void> {
    const sentAt = performance.now();
    if ((await this.#store.head(GraphKeys.lease))?.etag === this.#etag) {
      this.#confirmedAt = Math.max(this.#confirmedAt, sentAt);
      return;
    }
    const current = await readLease(this.#store);
    if (current?.value.generation === this.#generation) {
      this.#etag = current.etag;
      this.#expiresAt = current.value.expires_at;
      this.#confirmedAt = Math.max(this.#confirmedAt, sentAt);
    } else {
      this.#lost = true;
    }
  }

  async #lostError(): Promise<OmniError> {
    this.#lost = true;
    const holder = await readLease(this.#store).catch(() => undefined);
    const error = new OmniError(
      'conflict',
      `lost the writer lease of ${this.#store.uri} to ${describeHolder(holder?.value)} (this process was paused or cut off from storage longer than the ${this.#options.leaseTtlMs} ms lease lifetime)`,
      {
        details: {
          lease_lost: true,
          ...(holder ? { holder_pid: holder.value.pid, holder_host: holder.value.host } : {}),
        },
      },
    );
    LOST_ERRORS.add(error);
    return error;
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
    this.#deleting = this.#beforeRelease().then(() => this.#store.delete(GraphKeys.lease));
    try {
      await this.#deleting;
    } finally {
      this.#deleting = undefined;
    }
  }
}

import { setImmediate } from 'node:timers/promises';
import type { ChangeOutput } from '../../api/change-output.js';
import type { GraphContext } from '../protocol/index.js';
import { OmniError } from '../../util/omni-error.js';
import { runBatch } from './mutation-batch.js';
import { compileCall, type MutationCall, type MutationRequest } from './run-mutation.js';

/**
 * Callers one commit may group at most: each is validated over the changes of those before it,
 * so this bounds a batch's validation work (and its callers' wait) as much as its size.
 */
const GROUP_COMMIT_MAX_CALLERS = 256;

/** A compiled mutation waiting for its write, with its caller's promise. */
interface Waiting {
  readonly call: MutationCall;
  readonly resolve: (output: ChangeOutput) => void;
  readonly reject: (error: unknown) => void;
}

/** A mutation in its branch's queue, still compiling, with its caller's promise. */
interface Queued {
  readonly compiling: Promise<MutationCall>;
  readonly resolve: (output: ChangeOutput) => void;
  readonly reject: (error: unknown) => void;
}

/** The queued calls that compiled, in order; the others fail now with their error. */
async function compiled(queued: readonly Queued[]): Promise<Waiting[]> {
  const settled = await Promise.all(
    queued.map(async ({ compiling, resolve, reject }): Promise<Waiting | undefined> => {
      try {
        return { call: await compiling, resolve, reject };
      } catch (error) {
        reject(error);
        return undefined;
      }
    }),
  );
  return settled.filter((waiting) => waiting !== undefined);
}

/** Calls that run as one write, in order; `expectedHead` only for a lone `--if-commit` call. */
interface Unit {
  readonly waiting: Waiting[];
  readonly expectedHead?: string;
}

/** Whether a call may share its commit: not when it is conditional or asked for its own. */
function groupable(request: MutationRequest): boolean {
  return request.ifCommit === undefined && request.groupCommit;
}

/** Calls share a commit only if it records them all truthfully: one actor, one message. */
function groupKey(request: MutationRequest): string {
  return JSON.stringify([request.actor, request.message ?? null]);
}

/**
 * Splits the calls queued behind a branch into writes. A call that may not be grouped runs
 * alone, in its arrival place, and closes the groups open before it; between two such calls,
 * calls of the same actor and message form one group (at most
 * {@link GROUP_COMMIT_MAX_CALLERS}), ordered by their first call. All of them were waiting at
 * once, so any order among different groups is one they could have run in.
 */
function unitsOf(queued: readonly Waiting[]): Unit[] {
  const units: Unit[] = [];
  let open = new Map<string, Unit>();
  for (const waiting of queued) {
    const { request } = waiting.call;
    if (!groupable(request)) {
      const expectedHead = request.ifCommit;
      units.push({ waiting: [waiting], ...(expectedHead === undefined ? {} : { expectedHead }) });
      open = new Map();
      continue;
    }
    const key = groupKey(request);
    const unit = open.get(key);
    if (unit && unit.waiting.length < GROUP_COMMIT_MAX_CALLERS) {
      unit.waiting.push(waiting);
    } else {
      const created: Unit = { waiting: [waiting] };
      units.push(created);
      open.set(key, created);
    }
  }
  return units;
}

/**
 * Group commit (docs/guide/mutations.md): the mutations of one open graph are queued per
 * branch. The first runs at once; whatever queues behind the branch while a write of it runs
 * is taken together by the next write, which evaluates the callers in arrival order, each over
 * the changes of the callers accepted before it, and publishes the accepted ones as one
 * commit. Every caller gets its own result or error, as if the callers had run one by one.
 */
export class MutationBatcher {
  readonly #ctx: GraphContext;
  /** The calls queued per branch; a branch is here while its drain loop runs. */
  readonly #queues = new Map<string, Queued[]>();

  constructor(ctx: GraphContext) {
    this.#ctx = ctx;
  }

  /**
   * Queues the mutation behind its branch at once (its place is the order of the calls) while
   * it compiles, and resolves to its own result.
   */
  submit(request: MutationRequest): Promise<ChangeOutput> {
    const compiling = compileCall(this.#ctx, request);
    // Awaited by the drain loop; a failure is the caller's, reported when its turn comes.
    compiling.catch(() => undefined);
    return new Promise<ChangeOutput>((resolve, reject) => {
      this.#enqueue(request.branch, { compiling, resolve, reject });
    });
  }

  #enqueue(branch: string, queued: Queued): void {
    const queue = this.#queues.get(branch);
    if (queue) {
      queue.push(queued);
      return;
    }
    const started = [queued];
    this.#queues.set(branch, started);
    void this.#drain(branch, started);
  }

  /**
   * Runs the branch's queue until it is empty: each round takes all that queued meanwhile.
   * Every round first lets pending callbacks run, so that calls started in the same tick, and
   * callers that were just answered and go on with their next mutation, queue for it.
   */
  async #drain(branch: string, queue: Queued[]): Promise<void> {
    do {
      await setImmediate();
      await this.#runUnits(unitsOf(await compiled(queue.splice(0))));
    } while (queue.length > 0);
    this.#queues.delete(branch);
  }

  /** Runs writes one after the other; a write's deferred callers form the next one. */
  async #runUnits(units: Unit[]): Promise<void> {
    for (let unit = units.shift(); unit; unit = units.shift()) {
      const deferred = await this.#runUnit(unit);
      if (deferred.length > 0) units.unshift({ waiting: deferred });
    }
  }

  /** Runs one write and settles its callers; returns those deferred to the next write. */
  async #runUnit(unit: Unit): Promise<Waiting[]> {
    const calls = unit.waiting.map((waiting) => waiting.call);
    const deferred: Waiting[] = [];
    try {
      const outcomes = await runBatch(this.#ctx, calls, unit.expectedHead);
      unit.waiting.forEach((waiting, index) => {
        const outcome = outcomes[index];
        if (outcome?.kind === 'done') waiting.resolve(outcome.output);
        else if (outcome?.kind === 'failed') waiting.reject(outcome.error);
        else if (outcome?.kind === 'deferred') deferred.push(waiting);
        else waiting.reject(new OmniError('internal', 'a batched mutation got no outcome'));
      });
    } catch (error) {
      for (const waiting of unit.waiting) waiting.reject(error);
    }
    return deferred;
  }
}

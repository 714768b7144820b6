import { OmniError } from './omni-error.js';

/**
 * The operations running on an open graph handle. Closing the handle refuses new operations
 * with a typed error and waits for the running ones to end, so a write in flight (or queued for
 * a group commit) finishes, or fails on its own terms, rather than losing its storage
 * connection halfway.
 */
export class OperationGate {
  readonly #name: string;
  #running = 0;
  #closed = false;
  readonly #waiting: (() => void)[] = [];

  /** A gate for the handle `name` (named in the error a closed handle gives). */
  constructor(name: string) {
    this.#name = name;
  }

  /** Runs `operation` as one of the handle's; refused once the handle is closing. */
  async run<T>(operation: () => Promise<T>): Promise<T> {
    this.check();
    this.#running += 1;
    try {
      return await operation();
    } finally {
      this.#running -= 1;
      if (this.#running === 0) for (const resume of this.#waiting.splice(0)) resume();
    }
  }

  /**
   * Refuses an operation once the handle is closing. Streams check only when they start: a
   * caller may drop a stream without ending it, and closing must not wait on that.
   */
  check(): void {
    if (this.#closed) {
      throw new OmniError('conflict', `graph ${this.#name} is closed; open it again to use it`);
    }
  }

  /** Refuses new operations and resolves once the running ones have ended. */
  close(): Promise<void> {
    this.#closed = true;
    if (this.#running === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiting.push(resolve));
  }
}

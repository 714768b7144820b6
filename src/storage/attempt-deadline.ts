/** The failure of an attempt that ran out of time; the S3 store retries it as transient. */
export class AttemptTimeout extends Error {
  constructor(budgetMs: number) {
    super(`no answer within ${budgetMs} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * Runs one attempt with a time budget. The attempt gets a signal that aborts when the budget
 * runs out; the result is then an {@link AttemptTimeout} whatever the attempt does with the
 * signal, so a request stalled anywhere (connecting, waiting, streaming a body) ends on time.
 */
export async function withDeadline<T>(
  budgetMs: number,
  attempt: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const timeout = new AttemptTimeout(budgetMs);
      controller.abort(timeout);
      reject(timeout);
    }, budgetMs);
  });
  const work = attempt(controller.signal);
  // Once the budget has run out, how the abandoned attempt ends does not matter.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

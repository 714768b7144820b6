/**
 * `Promise.all` that waits for every promise to settle before rejecting (with the first
 * rejection in order): work started together also ends together, so none of it runs on after
 * its caller has given up (e.g. outside the lock it started under).
 */
export async function settleAll<T extends readonly unknown[]>(promises: {
  readonly [K in keyof T]: T[K] | Promise<T[K]>;
}): Promise<{ -readonly [K in keyof T]: T[K] }> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as {
    -readonly [K in keyof T]: T[K];
  };
}

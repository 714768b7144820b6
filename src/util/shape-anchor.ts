import { OmniError } from './omni-error.js';

/** Instances kept for the life of the process: see {@link anchorShape}. */
const anchors: object[] = [];

/**
 * Keeps `instance` alive for the life of the process, and returns it.
 *
 * V8 reaches the layout of a class's instances (their hidden class) from the class only through
 * weak links: a full collection that finds no instance alive frees it, and with it the optimized
 * code of every function that checked it. A class whose instances live for one query (a
 * relation, an entity pool) loses that code at every full collection made between queries, and
 * small queries then run two to three times slower for their next thousand calls. One instance
 * kept per such class keeps its layout, and the code, alive (docs/reference/query.md, "Warm
 * code").
 *
 * The instance must be made as the class's working instances are, its fields holding values of
 * the same kinds (an integer where they hold integers, an object where they hold objects): V8
 * gives instances whose fields hold other kinds another layout.
 */
export function anchorShape<T extends object>(instance: T): T {
  anchors.push(instance);
  return instance;
}

/** What an anchored instance calls instead of reading anything: nothing ever calls it. */
export function refusedByAnchor(): Promise<never> {
  return Promise.reject(new OmniError('internal', 'an instance kept for its layout is never used'));
}

import type { RequestCounts, RequestKind } from './object-store.js';

/** Counts requests by kind; each store owns one. */
export class RequestCounter {
  readonly #counts: Record<RequestKind, number> = { GET: 0, HEAD: 0, PUT: 0, LIST: 0, DELETE: 0 };

  count(kind: RequestKind, n = 1): void {
    this.#counts[kind] += n;
  }

  snapshot(): RequestCounts {
    return { ...this.#counts };
  }
}

/** Total requests of a snapshot. */
export function totalRequests(counts: RequestCounts): number {
  return counts.GET + counts.HEAD + counts.PUT + counts.LIST + counts.DELETE;
}

/** Requests made between two snapshots, by kind. */
export function requestsBetween(before: RequestCounts, after: RequestCounts): RequestCounts {
  return {
    GET: after.GET - before.GET,
    HEAD: after.HEAD - before.HEAD,
    PUT: after.PUT - before.PUT,
    LIST: after.LIST - before.LIST,
    DELETE: after.DELETE - before.DELETE,
  };
}

import { z } from 'zod';
import { readJsonIfExists, type JsonObject } from '../../storage/json-object.js';
import type { ObjectStore } from '../../storage/object-store.js';
import { OmniError } from '../../util/omni-error.js';
import { GraphKeys } from '../root/index.js';

const LEASE_RECORD = z.object({
  /** The lease object of one open graph handle (stable across its takes). */
  owner: z.string().min(1),
  /**
   * The fencing token: new at every take, kept by renewals. A writer acts only while the lease
   * object still holds its generation.
   */
  generation: z.string().min(1),
  /**
   * True when this take replaced an expired holder that may still be running (not a dead process
   * of this host): a write of that holder paused right before its publish may still try it, so
   * recovery under this take fences it out (see recovery.ts).
   */
  replaced_live: z.boolean(),
  pid: z.number().int(),
  host: z.string(),
  acquired_at: z.number(),
  /** Epoch milliseconds; after this the lease may be taken over. */
  expires_at: z.number(),
});

/** What the lease object says about its holder. */
export type LeaseRecord = z.infer<typeof LEASE_RECORD>;

/**
 * The lease object with its etag, or undefined when nobody holds the lease. A record that does
 * not parse (written by another version, or damaged) is `permanent`: deleting the lease object
 * of a graph nobody writes fixes it.
 */
export async function readLease(store: ObjectStore): Promise<JsonObject<LeaseRecord> | undefined> {
  const found = await readJsonIfExists(store, GraphKeys.lease);
  if (found === undefined) return undefined;
  const parsed = LEASE_RECORD.safeParse(found.value);
  if (!parsed.success) {
    throw new OmniError(
      'permanent',
      `the writer lease ${GraphKeys.lease} of ${store.uri} is not a lease record (${z.prettifyError(parsed.error)}); delete it once no process writes the graph`,
      { details: { key: GraphKeys.lease } },
    );
  }
  return { value: parsed.data, etag: found.etag };
}

/** How an error names a lease holder: its process and host, or nobody. */
export function describeHolder(holder: LeaseRecord | undefined): string {
  return holder ? `process ${holder.pid} on ${holder.host}` : 'another process';
}

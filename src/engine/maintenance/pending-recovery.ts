import { OmniError } from '../../util/omni-error.js';
import type { GraphContext } from '../protocol/index.js';
import { listIntents } from '../root/index.js';

/**
 * Refuses a maintenance operation while a recovery intent is on the store
 * (docs/guide/maintenance.md), of any branch or only of `branch`: maintenance must not build on, or
 * reclaim versions of, a write nobody has resolved yet.
 */
export async function refuseWhileRecoveryPending(
  ctx: GraphContext,
  operation: string,
  branch?: string,
): Promise<void> {
  // Intents of this process's published writes are waiting to be deleted, not pending; nor is
  // one another writer recorded beside a take of the lease that has not landed (it waits for
  // this holder, and makes no effect under it: docs/reference/storage-layout.md).
  const intents = await listIntents(ctx.root.store, ctx.ownIntents.published);
  const intent = intents.find(
    (candidate) =>
      (branch === undefined || candidate.branch === branch) &&
      (candidate.take_generation === undefined || candidate.take_generation === ctx.lease.take),
  );
  if (intent === undefined) return;
  throw new OmniError(
    'recovery_required',
    `${operation} refused: a ${intent.writer_kind} on branch '${intent.branch}' left recovery intent ${intent.operation_id}; reopen the graph read-write (or let the running writer finish) and retry`,
    {
      details: {
        operation_id: intent.operation_id,
        writer_kind: intent.writer_kind,
        branch: intent.branch,
      },
    },
  );
}

import type { QueryRequest } from '../../api/read-output.js';
import { OmniError } from '../../util/omni-error.js';
import { MAIN_BRANCH } from '../root/index.js';

/** What a read targets: a branch head (default `main`) or one commit. */
export type ReadTarget = { readonly branch: string } | { readonly snapshot: string };

/**
 * The target of a request's `branch` and `snapshot` fields: at most one of them, `main` when
 * neither is given.
 */
export function readTargetOf(request: Pick<QueryRequest, 'branch' | 'snapshot'>): ReadTarget {
  if (request.branch !== undefined && request.snapshot !== undefined) {
    throw new OmniError('bad_request', 'request may specify branch or snapshot, not both', {
      details: { branch: request.branch, snapshot: request.snapshot },
    });
  }
  return request.snapshot === undefined
    ? { branch: request.branch ?? MAIN_BRANCH }
    : { snapshot: request.snapshot };
}

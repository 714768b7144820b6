import { OmniError } from '../util/omni-error.js';
import type { PutMode } from './object-store.js';

/** The typed error of a lost conditional put. */
export function preconditionFailed(key: string, mode: PutMode, actualEtag?: string): OmniError {
  const reason =
    mode.kind === 'create'
      ? 'it already exists'
      : mode.kind === 'ifMatch'
        ? `its etag is not '${mode.etag}'`
        : 'it changed';
  return new OmniError('precondition_failed', `conditional write of '${key}' failed: ${reason}`, {
    details: {
      key,
      mode: mode.kind,
      ...(actualEtag === undefined ? {} : { actual_etag: actualEtag }),
    },
  });
}

import type { StatusOutput } from '../status/status-output.js';

/**
 * What `omnigraph cluster refresh --json` and `import --json` print (wire names): the status
 * shape, naming the operation; digests, statuses and observations as recorded after it.
 */
export interface StateSyncOutput extends StatusOutput {
  readonly operation: 'refresh' | 'import';
}

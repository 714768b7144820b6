import type { Diagnostic } from '../../cluster/index.js';
import { OmniError } from '../../util/omni-error.js';

/**
 * A boot that refused to serve: a cluster-global problem, no healthy graph, or (with
 * `requireAllGraphs`) a quarantined one. Its message is the first error, on one line;
 * `diagnostics` holds everything the boot found, warnings included.
 */
export class ClusterBootError extends OmniError {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    const first = diagnostics.find((d) => d.severity === 'error');
    const reason = first === undefined ? 'unknown reason' : `${first.code}: ${first.message}`;
    super('configuration', `cannot serve the cluster: ${reason}`, {
      details: {
        diagnostics: diagnostics.filter((d) => d.severity === 'error').map((d) => d.code),
      },
    });
    this.name = 'ClusterBootError';
    this.diagnostics = diagnostics;
  }
}

/** True when `error` is a {@link ClusterBootError}. */
export function isClusterBootError(error: unknown): error is ClusterBootError {
  return error instanceof ClusterBootError;
}

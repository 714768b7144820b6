import type { CallOptions, WriteOptions } from './graph.js';
import type {
  CleanupOutput,
  CleanupRequest,
  EnsureIndicesOutput,
  OptimizeOutput,
} from './maintenance-output.js';

/**
 * Operations only a process with direct access to a graph's storage runs: maintenance and index
 * builds. The embedded engine implements them next to {@link Graph}; a served graph does not
 * offer them.
 */
export interface GraphAdmin {
  /** Compacts every table of `main` and reconciles its indexes, as at most one commit. */
  optimize(options?: WriteOptions): Promise<OptimizeOutput>;
  /** Removes table versions no live branch or retained commit needs (previews unless `confirm`). */
  cleanup(request: CleanupRequest, options?: CallOptions): Promise<CleanupOutput>;
  /** Builds the indexes the schema declares on a branch head (default `main`), as one commit. */
  ensureIndices(
    request?: { readonly branch?: string },
    options?: WriteOptions,
  ): Promise<EnsureIndicesOutput>;
}

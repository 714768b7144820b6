import type { Diagnostic } from '../diagnostic.js';
import type { Dependency, Resource } from '../resources/resource-set.js';

/** What `omnigraph cluster validate --json` prints (wire names). */
export interface ValidateOutput {
  /** False exactly when a diagnostic is an error. */
  readonly ok: boolean;
  /** The config directory as given. */
  readonly config_dir: string;
  /** Its `cluster.yaml`. */
  readonly config_file: string;
  /** `address → digest`, in address order; empty when the config has errors. */
  readonly resource_digests: Readonly<Record<string, string>>;
  /** In address order; empty when the config has errors. */
  readonly resources: readonly Resource[];
  /** `from` depends on `to`; empty when the config has errors. */
  readonly dependencies: readonly Dependency[];
  readonly diagnostics: readonly Diagnostic[];
}

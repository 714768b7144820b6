import { errorAt, warningAt } from '../diagnostic.js';
import type { StateConfig } from './cluster-config.js';
import { METADATA_SHAPE, STATE_SHAPE, TOP_LEVEL_SHAPE, VERSION_SHAPE } from './config-shapes.js';
import { checkShape, valueAt, type CheckContext, type SpecialKey } from './shape-check.js';

/** The only cluster.yaml version. */
const CLUSTER_CONFIG_VERSION = 1;

/** Top-level keys reserved for features of later phases: refused loudly, never ignored. */
const FUTURE_PHASE_KEYS = [
  'apply',
  'env_file',
  'pipelines',
  'embeddings',
  'ui',
  'aliases',
  'bindings',
] as const;

const RESERVED: ReadonlyMap<string, SpecialKey> = new Map(
  FUTURE_PHASE_KEYS.map((key) => [
    key,
    {
      code: 'future_phase_field',
      message: `'${key}' is reserved for a later version of the cluster control plane and is not supported yet`,
    },
  ]),
);

/** The scalar sections of the top level, as checked. */
export interface TopLevel {
  /** Absent when `version` is missing or unsupported. */
  readonly version?: typeof CLUSTER_CONFIG_VERSION;
  readonly metadata?: { readonly name: string };
  readonly state?: StateConfig;
}

/**
 * Checks that the document is a map of known keys (reserved ones are `future_phase_field`),
 * then `version`, `metadata` and `state`. The other sections have their own checks.
 */
export function checkTopLevel(context: CheckContext): TopLevel | undefined {
  checkShape(context, TOP_LEVEL_SHAPE, [], { code: 'invalid_cluster_yaml', specialKeys: RESERVED });
  const root = context.yaml.value;
  if (root === null || typeof root !== 'object' || Array.isArray(root)) return undefined;
  // Checked whatever else is wrong at the top level, e.g. a reserved key.
  const declared = (key: string): boolean => valueAt(root, [key]) !== undefined;
  const version = checkVersion(context);
  const metadata = declared('metadata') ? checkMetadata(context) : undefined;
  const state = declared('state') ? checkState(context) : undefined;
  return {
    ...(version === undefined ? {} : { version }),
    ...(metadata === undefined ? {} : { metadata }),
    ...(state === undefined ? {} : { state }),
  };
}

function checkVersion(context: CheckContext): typeof CLUSTER_CONFIG_VERSION | undefined {
  const version = checkShape(context, VERSION_SHAPE, ['version'], { code: 'invalid_cluster_yaml' });
  if (version === undefined) return undefined;
  if (version === CLUSTER_CONFIG_VERSION) return CLUSTER_CONFIG_VERSION;
  const message = `cluster.yaml version ${version} is not supported; this OmniGraph reads version ${CLUSTER_CONFIG_VERSION}`;
  context.diagnostics.push(
    errorAt('unsupported_cluster_config_version', context.yaml.at(['version']), message),
  );
  return undefined;
}

function checkMetadata(context: CheckContext): { readonly name: string } | undefined {
  const metadata = checkShape(context, METADATA_SHAPE, ['metadata'], {
    code: 'invalid_cluster_yaml',
  });
  if (metadata === undefined || metadata.name.trim() !== '') return metadata;
  const where = context.yaml.at(['metadata', 'name']);
  context.diagnostics.push(errorAt('empty_metadata_name', where, 'metadata.name is empty'));
  return undefined;
}

function checkState(context: CheckContext): StateConfig | undefined {
  const state = checkShape(context, STATE_SHAPE, ['state'], { code: 'invalid_cluster_yaml' });
  if (state === undefined) return undefined;
  if (state.backend !== undefined && state.backend !== 'cluster') {
    const message = `state.backend '${state.backend}' is not supported; omit it or write 'cluster' (the ledger under the storage root)`;
    context.diagnostics.push(
      errorAt('unsupported_state_backend', context.yaml.at(['state', 'backend']), message),
    );
    return undefined;
  }
  if (state.lock === false) {
    const message =
      'state.lock is false: commands take no state lock, so two concurrent applies can interleave; keep it for anything but a single operator';
    context.diagnostics.push(
      warningAt('state_lock_disabled', context.yaml.at(['state', 'lock']), message),
    );
  }
  return {
    ...(state.backend === undefined ? {} : { backend: state.backend }),
    lock: state.lock ?? true,
  };
}

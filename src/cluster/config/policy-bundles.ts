import { parsePolicyBundle, type PolicyBundle } from '../../policy/index.js';
import { OmniError } from '../../util/omni-error.js';
import { readConfigFile } from '../config-files.js';
import { errorAt } from '../diagnostic.js';
import { fileDigest } from '../resources/resource-digest.js';
import type { DesiredFile } from './desired-cluster.js';
import { fileFailureDiagnostic } from './file-diagnostics.js';
import type { CheckedPolicy } from './policy-declarations.js';
import type { CheckContext } from './shape-check.js';

/** A policy's bundle file, read and validated. */
export interface LoadedPolicy {
  readonly file: DesiredFile;
  readonly bundle: PolicyBundle;
}

/**
 * Reads a policy's bundle and validates it strictly through the policy layer
 * (`policy_file_missing`, `policy_invalid`). A bundle that declares its `kind` must agree with
 * its binding: a `server` bundle applies to the cluster, a `graph` bundle to graphs.
 */
export async function loadPolicyBundle(
  context: CheckContext,
  configDir: string,
  policy: CheckedPolicy,
): Promise<LoadedPolicy | undefined> {
  const read = await readConfigFile(configDir, policy.config.file, 'policy');
  if (!read.ok) {
    const where = context.yaml.at([...policy.path, 'file']);
    context.diagnostics.push(
      fileFailureDiagnostic(read.failure, where, {
        missing: 'policy_file_missing',
        content: 'policy_invalid',
      }),
    );
    return undefined;
  }
  const { path: file, bytes, text } = read.file;
  let bundle: PolicyBundle;
  try {
    bundle = parsePolicyBundle(text, policy.name);
  } catch (error) {
    if (!(error instanceof OmniError) || error.code !== 'bad_request') throw error;
    context.diagnostics.push(errorAt('policy_invalid', file, error.message));
    return undefined;
  }
  const problem = kindProblem(policy, bundle);
  if (problem !== undefined) {
    context.diagnostics.push(errorAt('policy_invalid', file, problem));
    return undefined;
  }
  return { file: { file, bytes, source: text, digest: fileDigest(bytes) }, bundle };
}

function kindProblem(policy: CheckedPolicy, bundle: PolicyBundle): string | undefined {
  const cluster = policy.bindings.includes('cluster');
  if (bundle.kind === 'server' && !cluster) {
    return `policy '${policy.name}' is a server bundle (kind: server) but applies to graphs; bind it to [cluster]`;
  }
  if (bundle.kind === 'graph' && cluster) {
    return `policy '${policy.name}' is a graph bundle (kind: graph) but applies to the cluster; bind it to graphs`;
  }
  return undefined;
}

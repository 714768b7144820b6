import { errorAt, warningAt } from '../diagnostic.js';
import { compareText } from '../resources/resource-digest.js';
import type { ExternalBlobsConfig } from './cluster-config.js';
import type { YamlPath } from './config-yaml.js';
import { EXTERNAL_BLOBS_SHAPE } from './config-shapes.js';
import { withClosest } from './did-you-mean.js';
import { canonicalBlobBase } from './external-blob-base.js';
import { checkShape, valueAt, type CheckContext } from './shape-check.js';

/**
 * Where an allowed base may be used: `server_safe` bases (S3 only) are honoured by served
 * graphs; `embedded_only` bases (local directories too) only by embedded use, and are stripped
 * from what a server enforces.
 */
export const BLOB_SCOPES = ['server_safe', 'embedded_only'] as const;

/** One of {@link BLOB_SCOPES}. */
export type BlobScope = (typeof BLOB_SCOPES)[number];

/** An allowed base, canonical (wire names, as the state ledger records it). */
export interface ExternalBlobBase {
  readonly uri: string;
  readonly scope: BlobScope;
}

/** A graph's external blob policy when it allows anything; no policy means deny. */
export interface ExternalBlobPolicy {
  readonly mode: 'allow';
  /** Sorted by URI. */
  readonly bases: readonly ExternalBlobBase[];
}

/** A graph's `external_blobs` as written, and the policy it makes (absent = deny). */
export interface CheckedExternalBlobs {
  readonly config?: ExternalBlobsConfig;
  readonly policy?: ExternalBlobPolicy;
}

/** Checks `external_blobs` of the graph at `graphPath`. */
export function checkExternalBlobs(
  context: CheckContext,
  graphPath: YamlPath,
): CheckedExternalBlobs {
  const path = [...graphPath, 'external_blobs'];
  if (valueAt(context.yaml.value, path) === undefined) return {};
  const config = checkShape(context, EXTERNAL_BLOBS_SHAPE, path, {
    code: 'invalid_external_blob_policy',
  });
  if (config === undefined) return {};
  const allow = config.allow ?? [];
  if (allow.length === 0) {
    const message = `graph '${String(graphPath[1])}' declares external_blobs but allows no base: external blob URIs are refused (deny is the default)`;
    context.diagnostics.push(
      warningAt('external_blob_ingress_default_deny', context.yaml.at(path), message),
    );
    return { config };
  }
  const before = context.diagnostics.length;
  const bases: { readonly base: ExternalBlobBase; readonly at: YamlPath }[] = [];
  allow.forEach((entry, index) => {
    const at = [...path, 'allow', index];
    const base = checkEntry(context, at, entry);
    if (base !== undefined) bases.push({ base, at });
  });
  checkOverlaps(context, bases);
  if (context.diagnostics.length > before) return { config };
  const sorted = bases.map(({ base }) => base).sort((a, b) => compareText(a.uri, b.uri));
  return { config, policy: { mode: 'allow', bases: sorted } };
}

/**
 * The JSON of a policy as the graph digest hashes it and the state ledger records it:
 * `{"mode":"allow","bases":[{"uri":…,"scope":…}]}` in that key order, bases by URI.
 */
export function externalBlobPolicyJson(policy: ExternalBlobPolicy): string {
  const bases = policy.bases.map((base) => ({ uri: base.uri, scope: base.scope }));
  return JSON.stringify({ mode: policy.mode, bases });
}

function checkEntry(
  context: CheckContext,
  at: YamlPath,
  entry: { readonly base: string; readonly scope: string },
): ExternalBlobBase | undefined {
  const scope = BLOB_SCOPES.find((known) => known === entry.scope);
  if (scope === undefined) {
    const message = `unknown scope '${entry.scope}' (one of ${BLOB_SCOPES.join(', ')})`;
    context.diagnostics.push(
      errorAt(
        'invalid_external_blob_policy',
        context.yaml.at([...at, 'scope']),
        withClosest(message, entry.scope, BLOB_SCOPES),
      ),
    );
  }
  const canonical = canonicalBlobBase(entry.base);
  if (!canonical.ok) {
    const where = context.yaml.at([...at, 'base']);
    context.diagnostics.push(errorAt('invalid_external_blob_base', where, canonical.problem));
    return undefined;
  }
  if (scope === 'server_safe' && canonical.scheme === 'file') {
    const message = `base '${canonical.uri}' is a local directory and cannot be server_safe (a server never reads its own disk for a client); use scope embedded_only`;
    context.diagnostics.push(
      errorAt('invalid_external_blob_policy', context.yaml.at([...at, 'scope']), message),
    );
    return undefined;
  }
  return scope === undefined ? undefined : { uri: canonical.uri, scope };
}

/** Bases may not repeat or nest: which entry governs a URI must be unambiguous. */
function checkOverlaps(
  context: CheckContext,
  bases: readonly { readonly base: ExternalBlobBase; readonly at: YamlPath }[],
): void {
  bases.forEach(({ base, at }, index) => {
    const earlier = bases
      .slice(0, index)
      .find(({ base: other }) => other.uri.startsWith(base.uri) || base.uri.startsWith(other.uri));
    if (earlier === undefined) return;
    const message =
      earlier.base.uri === base.uri
        ? `base '${base.uri}' is allowed twice`
        : `base '${base.uri}' overlaps base '${earlier.base.uri}'; allowed bases may not nest`;
    context.diagnostics.push(
      errorAt('invalid_external_blob_policy', context.yaml.at([...at, 'base']), message),
    );
  });
}

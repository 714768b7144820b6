import type { Env } from '../../api/settings-from-env.js';
import type { EmbeddingSettings } from '../../api/settings.js';
import {
  embeddingProfileJson,
  embeddingProviderDigest,
  errorAt,
  warningAt,
  type ClusterState,
  type Diagnostic,
} from '../../cluster/index.js';
import type { PlannedGraph } from './serving-plan.js';

/** How a graph embeds text, as its applied provider says. */
export type GraphEmbedding =
  /** No provider: the process's embedding settings apply. */
  | { readonly kind: 'default' }
  | { readonly kind: 'resolved'; readonly embedding: Partial<EmbeddingSettings> }
  /** The ledger is inconsistent: refuses the boot. */
  | { readonly kind: 'fatal'; readonly diagnostic: Diagnostic }
  /** The environment lacks the key: quarantines the graph. */
  | { readonly kind: 'quarantine'; readonly diagnostic: Diagnostic };

const ENV_REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/**
 * The embedding settings of `graph`: its provider must be applied
 * (`embedding_provider_missing`), with a recorded profile (`embedding_provider_profile_missing`)
 * that hashes to the provider's digest (`embedding_provider_digest_mismatch`). The profile's
 * `${VAR}` key is read from `env` now; a variable that is unset quarantines the graph
 * (`embedding_api_key_required`).
 */
export function graphEmbedding(state: ClusterState, graph: PlannedGraph, env: Env): GraphEmbedding {
  const address = graph.embeddingProvider;
  if (address === undefined) return { kind: 'default' };
  const where = `graph.${graph.id}`;
  const provider = state.applied_revision.resources[address];
  if (provider === undefined) {
    const message = `${where} embeds with ${address}, which is not applied`;
    return { kind: 'fatal', diagnostic: errorAt('embedding_provider_missing', where, message) };
  }
  const profile = provider.embedding_profile;
  if (profile === undefined) {
    const message = `${address} records no profile; run \`omnigraph cluster apply\` to record it`;
    return {
      kind: 'fatal',
      diagnostic: errorAt('embedding_provider_profile_missing', address, message),
    };
  }
  if (embeddingProviderDigest(embeddingProfileJson(profile)) !== provider.digest) {
    const message = `the recorded profile of ${address} does not hash to its digest ${provider.digest}`;
    return {
      kind: 'fatal',
      diagnostic: errorAt('embedding_provider_digest_mismatch', address, message),
    };
  }
  const variable =
    profile.api_key === undefined ? undefined : ENV_REFERENCE.exec(profile.api_key)?.[1];
  const apiKey = variable === undefined ? undefined : env[variable]?.trim();
  if (variable !== undefined && (apiKey === undefined || apiKey === '')) {
    const message = `${where} is quarantined: its provider ${address} needs the API key in \${${variable}}, which is not set`;
    return {
      kind: 'quarantine',
      diagnostic: warningAt('embedding_api_key_required', where, message),
    };
  }
  return {
    kind: 'resolved',
    embedding: {
      provider: profile.kind,
      ...(profile.base_url === undefined ? {} : { baseUrl: profile.base_url }),
      ...(profile.model === undefined ? {} : { model: profile.model }),
      ...(apiKey === undefined ? {} : { apiKey }),
      ...(variable === undefined ? {} : { apiKeyVariable: variable }),
    },
  };
}

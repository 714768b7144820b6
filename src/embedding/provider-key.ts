import { OmniError } from '../util/omni-error.js';
import type { EmbeddingSettings } from '../api/settings.js';

/** The API key of a remote provider, or a `configuration` error naming the variable to set. */
export function requireApiKey(config: EmbeddingSettings): string {
  if (config.apiKey !== undefined) return config.apiKey;
  throw new OmniError(
    'configuration',
    `the ${config.provider} embedding provider needs an API key: set ${config.apiKeyVariable ?? 'its API key variable'} (or OMNIGRAPH_EMBED_PROVIDER=mock for offline use)`,
    { details: { provider: config.provider } },
  );
}

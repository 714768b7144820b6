import { settingsFromEnv, type EmbeddingProvider, type Env } from '../../api/index.js';
import { createEmbeddingProvider } from '../../embedding/index.js';

/**
 * The embedding provider the environment configures (`OMNIGRAPH_EMBED_PROVIDER`, its base URL,
 * model and API key, `OMNIGRAPH_EMBEDDINGS_MOCK`): the same one a graph opened here would use.
 */
export function embeddingProviderFromEnv(env: Env): EmbeddingProvider {
  return createEmbeddingProvider(settingsFromEnv(env).embedding);
}

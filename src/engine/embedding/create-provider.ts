import { assertNever } from '../../util/assert-never.js';
import { embeddingConfigFromEnv, type EmbeddingConfig } from './embedding-config.js';
import type { EmbeddingProvider } from './embedding-provider.js';
import { GeminiEmbeddingProvider } from './gemini-provider.js';
import { MockEmbeddingProvider } from './mock-provider.js';
import { OpenAiEmbeddingProvider } from './openai-provider.js';

/**
 * The provider a configuration names.
 *
 * @example createEmbeddingProvider(embeddingConfigFromEnv({ OMNIGRAPH_EMBED_PROVIDER: 'mock' })).model // 'mock-embedding'
 */
export function createEmbeddingProvider(
  config: EmbeddingConfig = embeddingConfigFromEnv(),
  fetchImpl: typeof fetch = fetch,
): EmbeddingProvider {
  switch (config.provider) {
    case 'mock':
      return new MockEmbeddingProvider(config.model);
    case 'openai':
    case 'openai-compatible':
      return new OpenAiEmbeddingProvider({ ...config, provider: config.provider }, fetchImpl);
    case 'gemini':
      return new GeminiEmbeddingProvider(config, fetchImpl);
    default:
      return assertNever(config.provider, 'embedding provider');
  }
}

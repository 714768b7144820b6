import { assertNever } from '../util/assert-never.js';
import type { EmbeddingSettings } from '../api/settings.js';
import type { EmbeddingProvider } from '../api/embedding-provider.js';
import { GeminiEmbeddingProvider } from './gemini-provider.js';
import { MockEmbeddingProvider } from './mock-provider.js';
import { OpenAiEmbeddingProvider } from './openai-provider.js';

/**
 * The provider the embedding settings name.
 *
 * @example createEmbeddingProvider(resolveSettings({ embedding: { provider: 'mock' } }).embedding).model // 'mock-embedding'
 */
export function createEmbeddingProvider(
  config: EmbeddingSettings,
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

// Embedding providers (cluster.md §11): text to L2-normalized vectors for `nearest($v, "text")`.
export {
  EMBEDDING_PROVIDERS,
  type EmbeddingProvider,
  type EmbeddingProviderName,
  type EmbeddingTask,
  type EmbedOptions,
} from './embedding-provider.js';
export { embeddingConfigFromEnv, type EmbeddingConfig } from './embedding-config.js';
export { createEmbeddingProvider } from './create-provider.js';
export { MockEmbeddingProvider } from './mock-provider.js';
export { OpenAiEmbeddingProvider } from './openai-provider.js';
export { GeminiEmbeddingProvider } from './gemini-provider.js';
export { normalizeVector } from './vector-normalize.js';

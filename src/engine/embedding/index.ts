// Embedding providers (cluster.md §11): text to L2-normalized vectors for `nearest($v, "text")`.
export { createEmbeddingProvider } from './create-provider.js';
export { MockEmbeddingProvider } from './mock-provider.js';
export { OpenAiEmbeddingProvider } from './openai-provider.js';
export { GeminiEmbeddingProvider } from './gemini-provider.js';
export { normalizeVector } from './vector-normalize.js';

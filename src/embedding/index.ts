// Embedding providers: text to L2-normalized vectors for `nearest($v, "text")`
// (docs/reference/query.md, "Embeddings").
export { createEmbeddingProvider } from './create-provider.js';
export { MockEmbeddingProvider } from './mock-provider.js';
export { OpenAiEmbeddingProvider } from './openai-provider.js';
export { GeminiEmbeddingProvider } from './gemini-provider.js';
export { normalizeVector } from './vector-normalize.js';

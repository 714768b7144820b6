/** The embedding providers (cluster.md §11). */
export const EMBEDDING_PROVIDERS = ['openai-compatible', 'openai', 'gemini', 'mock'] as const;

/** One of {@link EMBEDDING_PROVIDERS}. */
export type EmbeddingProviderName = (typeof EMBEDDING_PROVIDERS)[number];

/** What a text is embedded for: a search query, or a document to store. */
export type EmbeddingTask = 'query' | 'document';

/** Options of one embedding call. */
export interface EmbedOptions {
  /** The target `Vector(N)` dimension: every vector returned has exactly this length. */
  readonly dimension: number;
  readonly task: EmbeddingTask;
}

/**
 * Turns texts into vectors. Every implementation returns one L2-normalized vector per text, of
 * exactly the requested dimension, with finite components, and fails with an `OmniError`
 * otherwise; the model name is what `@embed(model=…)` is checked against.
 */
export interface EmbeddingProvider {
  readonly name: EmbeddingProviderName;
  readonly model: string;
  embed(texts: readonly string[], options: EmbedOptions): Promise<number[][]>;
}

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
 * otherwise; `model` is what `@embed(model=…)` is checked against. Pass one to
 * `Omnigraph.open` to embed with your own model.
 */
export interface EmbeddingProvider {
  /** A label for messages (`mock`, `openai`, …, or your own). */
  readonly name: string;
  readonly model: string;
  embed(texts: readonly string[], options: EmbedOptions): Promise<number[][]>;
}

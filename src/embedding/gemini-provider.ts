import { OmniError } from '../util/omni-error.js';
import type { EmbeddingSettings } from '../api/settings.js';
import type { EmbeddingProvider, EmbedOptions } from '../api/embedding-provider.js';
import { postEmbeddingJson } from './http-embedding.js';
import { requireApiKey } from './provider-key.js';
import { normalizeVector } from './vector-normalize.js';

/**
 * Google's Gemini API: `POST {base}/models/{model}:embedContent` per text with
 * `x-goog-api-key`, task type `RETRIEVAL_QUERY` or `RETRIEVAL_DOCUMENT`, and
 * `outputDimensionality`.
 */
export class GeminiEmbeddingProvider implements EmbeddingProvider {
  readonly name = 'gemini';
  readonly model: string;
  readonly #config: EmbeddingSettings;
  readonly #fetch: typeof fetch;

  constructor(config: EmbeddingSettings, fetchImpl: typeof fetch = fetch) {
    this.model = config.model;
    this.#config = config;
    this.#fetch = fetchImpl;
  }

  async embed(texts: readonly string[], options: EmbedOptions): Promise<number[][]> {
    const key = requireApiKey(this.#config);
    const model = this.model.startsWith('models/') ? this.model : `models/${this.model}`;
    const vectors: number[][] = [];
    for (const text of texts) {
      const response = await postEmbeddingJson(
        {
          url: `${this.#config.baseUrl}/${model}:embedContent`,
          headers: { 'x-goog-api-key': key },
          body: {
            model,
            content: { parts: [{ text }] },
            taskType: options.task === 'query' ? 'RETRIEVAL_QUERY' : 'RETRIEVAL_DOCUMENT',
            outputDimensionality: options.dimension,
          },
          label: this.name,
        },
        this.#config,
        this.#fetch,
      );
      const values = (response as { embedding?: { values?: unknown } } | null)?.embedding?.values;
      if (!Array.isArray(values)) throw new OmniError('transient', 'gemini returned no embedding');
      vectors.push(normalizeVector(values as unknown[], options.dimension, this.name));
    }
    return vectors;
  }
}

import { OmniError } from '../util/omni-error.js';
import type { EmbeddingSettings } from '../api/settings.js';
import type { EmbeddingProvider, EmbedOptions } from '../api/embedding-provider.js';
import { postEmbeddingJson } from './http-embedding.js';
import { requireApiKey } from './provider-key.js';
import { normalizeVector } from './vector-normalize.js';

/**
 * The OpenAI embeddings API and compatible ones (OpenRouter by default):
 * `POST {base}/embeddings` with bearer auth and `{model, input, dimensions}`.
 */
export class OpenAiEmbeddingProvider implements EmbeddingProvider {
  readonly name: 'openai' | 'openai-compatible';
  readonly model: string;
  readonly #config: EmbeddingSettings;
  readonly #fetch: typeof fetch;

  constructor(
    config: EmbeddingSettings & { provider: 'openai' | 'openai-compatible' },
    fetchImpl: typeof fetch = fetch,
  ) {
    this.name = config.provider;
    this.model = config.model;
    this.#config = config;
    this.#fetch = fetchImpl;
  }

  async embed(texts: readonly string[], options: EmbedOptions): Promise<number[][]> {
    if (texts.length === 0) return [];
    const key = requireApiKey(this.#config);
    const response = await postEmbeddingJson(
      {
        url: `${this.#config.baseUrl}/embeddings`,
        headers: { authorization: `Bearer ${key}` },
        body: { model: this.model, input: texts, dimensions: options.dimension },
        label: this.name,
      },
      this.#config,
      this.#fetch,
    );
    const vectors = vectorsOf(response, texts.length, this.name);
    return vectors.map((vector) => normalizeVector(vector, options.dimension, this.name));
  }
}

/** `{data: [{embedding, index}]}` in input order. */
function vectorsOf(response: unknown, count: number, label: string): unknown[][] {
  const data = (response as { data?: unknown } | null)?.data;
  if (!Array.isArray(data) || data.length !== count) {
    throw new OmniError(
      'transient',
      `${label} returned ${Array.isArray(data) ? data.length : 'no'} embeddings for ${count} texts`,
    );
  }
  const vectors = new Array<unknown[]>(count);
  data.forEach((item: unknown, position) => {
    const entry = item as { embedding?: unknown; index?: unknown } | null;
    const index = typeof entry?.index === 'number' ? entry.index : position;
    if (!Array.isArray(entry?.embedding) || index < 0 || index >= count) {
      throw new OmniError('transient', `${label} returned a malformed embedding`);
    }
    vectors[index] = entry.embedding as unknown[];
  });
  return vectors;
}

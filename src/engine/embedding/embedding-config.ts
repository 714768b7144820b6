import { OmniError } from '../../util/omni-error.js';
import { EMBEDDING_PROVIDERS, type EmbeddingProviderName } from './embedding-provider.js';

/** How to reach an embedding provider (cluster.md §11), resolved from the environment. */
export interface EmbeddingConfig {
  readonly provider: EmbeddingProviderName;
  readonly baseUrl: string;
  readonly model: string;
  /** Undefined when the environment has none; a remote call then fails with `configuration`. */
  readonly apiKey: string | undefined;
  /** The environment variable the key comes from (for messages). */
  readonly apiKeyVariable: string | undefined;
  /** Budget for one embedding call, retries included; 0 = unbounded. */
  readonly deadlineMs: number;
  /** Budget for one HTTP attempt. */
  readonly timeoutMs: number;
  /** Attempts per call, the first included. */
  readonly retryAttempts: number;
  /** Delay before the second attempt; doubles each time. */
  readonly retryBackoffMs: number;
}

const DEFAULT_BASE_URLS: Readonly<Record<EmbeddingProviderName, string>> = {
  'openai-compatible': 'https://openrouter.ai/api/v1',
  openai: 'https://api.openai.com/v1',
  gemini: 'https://generativelanguage.googleapis.com/v1beta',
  mock: '',
};

const DEFAULT_MODELS: Readonly<Record<EmbeddingProviderName, string>> = {
  'openai-compatible': 'openai/text-embedding-3-large',
  openai: 'text-embedding-3-large',
  gemini: 'gemini-embedding-2',
  mock: 'mock-embedding',
};

const API_KEY_VARIABLES: Readonly<Record<EmbeddingProviderName, readonly string[]>> = {
  'openai-compatible': ['OPENROUTER_API_KEY', 'OPENAI_API_KEY'],
  openai: ['OPENAI_API_KEY'],
  gemini: ['GEMINI_API_KEY'],
  mock: [],
};

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The embedding configuration of an environment: `OMNIGRAPH_EMBED_PROVIDER` (default
 * `openai-compatible`; a truthy `OMNIGRAPH_EMBEDDINGS_MOCK` forces `mock`),
 * `OMNIGRAPH_EMBED_BASE_URL`, `OMNIGRAPH_EMBED_MODEL`, the provider's API key variable, and the
 * timing variables. Invalid values are a `configuration` error.
 */
export function embeddingConfigFromEnv(env: Env = process.env): EmbeddingConfig {
  const provider = providerOf(env);
  const keyVariable = API_KEY_VARIABLES[provider].find((name) => nonEmpty(env[name]) !== undefined);
  return {
    provider,
    baseUrl: (nonEmpty(env.OMNIGRAPH_EMBED_BASE_URL) ?? DEFAULT_BASE_URLS[provider]).replace(
      /\/+$/,
      '',
    ),
    model: nonEmpty(env.OMNIGRAPH_EMBED_MODEL) ?? DEFAULT_MODELS[provider],
    apiKey: keyVariable === undefined ? undefined : nonEmpty(env[keyVariable]),
    apiKeyVariable: keyVariable ?? API_KEY_VARIABLES[provider][0],
    deadlineMs: count(env, 'OMNIGRAPH_EMBED_DEADLINE_MS', 60_000),
    timeoutMs: count(env, 'OMNIGRAPH_EMBED_TIMEOUT_MS', 30_000),
    retryAttempts: Math.max(1, count(env, 'OMNIGRAPH_EMBED_RETRY_ATTEMPTS', 4)),
    retryBackoffMs: count(env, 'OMNIGRAPH_EMBED_RETRY_BACKOFF_MS', 200),
  };
}

function providerOf(env: Env): EmbeddingProviderName {
  if (truthy(env.OMNIGRAPH_EMBEDDINGS_MOCK)) return 'mock';
  const name = nonEmpty(env.OMNIGRAPH_EMBED_PROVIDER) ?? 'openai-compatible';
  const known = EMBEDDING_PROVIDERS.find((provider) => provider === name);
  if (known === undefined) {
    throw new OmniError(
      'configuration',
      `OMNIGRAPH_EMBED_PROVIDER must be one of ${EMBEDDING_PROVIDERS.join(', ')}, not '${name}'`,
    );
  }
  return known;
}

function truthy(text: string | undefined): boolean {
  return text !== undefined && ['1', 'true', 'yes', 'on'].includes(text.trim().toLowerCase());
}

function nonEmpty(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function count(env: Env, name: string, fallback: number): number {
  const text = nonEmpty(env[name]);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new OmniError('configuration', `${name} must be a non-negative integer, not '${text}'`);
  }
  return value;
}

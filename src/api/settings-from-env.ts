import { OmniError } from '../util/omni-error.js';
import {
  API_KEY_VARIABLES,
  EMBEDDING_PROVIDERS,
  resolveSettings,
  type EmbeddingProviderName,
  type OmnigraphSettings,
} from './settings.js';

/** An environment: variable name → value (`process.env` at the edge; any record in tests). */
export type Env = Readonly<Record<string, string | undefined>>;

/** How one variable's text becomes a setting value. */
type Reading = 'text' | 'number' | 'flag' | 'list';

/** One environment variable and the setting it sets. */
interface EnvBinding {
  readonly variable: string;
  readonly path: readonly [string, string?];
  readonly reading: Reading;
}

/** Every variable {@link settingsFromEnv} reads besides the embedding provider and its key. */
const ENV_BINDINGS: readonly EnvBinding[] = [
  { variable: 'OMNIGRAPH_LEASE_TTL_MS', path: ['writer', 'leaseTtlMs'], reading: 'number' },
  { variable: 'OMNIGRAPH_WRITER_WAIT_MS', path: ['writer', 'waitMs'], reading: 'number' },
  { variable: 'OMNIGRAPH_LEASE_LINGER_MS', path: ['writer', 'lingerMs'], reading: 'number' },
  { variable: 'OMNIGRAPH_CACHE_BYTES', path: ['cache', 'bytes'], reading: 'number' },
  { variable: 'OMNIGRAPH_TRAVERSAL_MODE', path: ['traversal', 'mode'], reading: 'text' },
  {
    variable: 'OMNIGRAPH_EXPAND_INDEXED_MAX_FRONTIER',
    path: ['traversal', 'indexedMaxFrontier'],
    reading: 'number',
  },
  {
    variable: 'OMNIGRAPH_EXPAND_INDEXED_MAX_HOPS',
    path: ['traversal', 'indexedMaxHops'],
    reading: 'number',
  },
  { variable: 'CSR_BUILD_FACTOR', path: ['traversal', 'csrBuildFactor'], reading: 'number' },
  { variable: 'OMNIGRAPH_TEXT_SEARCH_MODE', path: ['search', 'textMode'], reading: 'text' },
  { variable: 'OMNIGRAPH_VECTOR_NPROBES', path: ['search', 'nprobes'], reading: 'number' },
  {
    variable: 'OMNIGRAPH_VECTOR_REFINE_FACTOR',
    path: ['search', 'refineFactor'],
    reading: 'number',
  },
  {
    variable: 'OMNIGRAPH_VECTOR_EXACT_ROWS',
    path: ['search', 'exactVectorRows'],
    reading: 'number',
  },
  { variable: 'OMNIGRAPH_RRF_WINDOW', path: ['search', 'rrfWindow'], reading: 'number' },
  { variable: 'OMNIGRAPH_EMBED_BASE_URL', path: ['embedding', 'baseUrl'], reading: 'text' },
  { variable: 'OMNIGRAPH_EMBED_MODEL', path: ['embedding', 'model'], reading: 'text' },
  { variable: 'OMNIGRAPH_EMBED_DEADLINE_MS', path: ['embedding', 'deadlineMs'], reading: 'number' },
  { variable: 'OMNIGRAPH_EMBED_TIMEOUT_MS', path: ['embedding', 'timeoutMs'], reading: 'number' },
  {
    variable: 'OMNIGRAPH_EMBED_RETRY_ATTEMPTS',
    path: ['embedding', 'retryAttempts'],
    reading: 'number',
  },
  {
    variable: 'OMNIGRAPH_EMBED_RETRY_BACKOFF_MS',
    path: ['embedding', 'retryBackoffMs'],
    reading: 'number',
  },
  { variable: 'AWS_DEFAULT_REGION', path: ['s3', 'region'], reading: 'text' },
  { variable: 'AWS_REGION', path: ['s3', 'region'], reading: 'text' },
  { variable: 'AWS_ENDPOINT', path: ['s3', 'endpoint'], reading: 'text' },
  { variable: 'AWS_ENDPOINT_URL', path: ['s3', 'endpoint'], reading: 'text' },
  { variable: 'AWS_ENDPOINT_URL_S3', path: ['s3', 'endpoint'], reading: 'text' },
  { variable: 'AWS_S3_FORCE_PATH_STYLE', path: ['s3', 'forcePathStyle'], reading: 'flag' },
  { variable: 'AWS_ALLOW_HTTP', path: ['s3', 'allowHttp'], reading: 'flag' },
  {
    variable: 'OMNIGRAPH_S3_CONNECT_TIMEOUT_MS',
    path: ['s3', 'connectTimeoutMs'],
    reading: 'number',
  },
  {
    variable: 'OMNIGRAPH_S3_REQUEST_TIMEOUT_MS',
    path: ['s3', 'requestTimeoutMs'],
    reading: 'number',
  },
  { variable: 'OMNIGRAPH_S3_MAX_ATTEMPTS', path: ['s3', 'maxAttempts'], reading: 'number' },
  { variable: 'OMNIGRAPH_QUERY_MAX_ROWS', path: ['limits', 'queryRows'], reading: 'number' },
  { variable: 'OMNIGRAPH_FAILPOINTS', path: ['failpoints'], reading: 'list' },
];

/**
 * True for set values other than `0`, `false`, `no` and `off` (any case), the reading of every
 * boolean variable.
 */
export function envFlag(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '' && !/^(0|false|no|off)$/i.test(value.trim());
}

/**
 * The settings the environment describes: the `OMNIGRAPH_*` tunables, the embedding provider
 * (`OMNIGRAPH_EMBED_PROVIDER`, or `mock` when `OMNIGRAPH_EMBEDDINGS_MOCK` is set) and its API key
 * variable, and the S3 endpoint variables (`AWS_REGION`, `AWS_ENDPOINT_URL_S3` /
 * `AWS_ENDPOINT_URL` / `AWS_ENDPOINT`, `AWS_S3_FORCE_PATH_STYLE`, `AWS_ALLOW_HTTP`; later names in
 * that order win). Blank variables count as unset. The CLI and the server call this once at
 * start; a bad value is a `configuration` error naming the variable.
 *
 * @example settingsFromEnv(process.env).traversal.mode
 */
export function settingsFromEnv(env: Env): OmnigraphSettings {
  refuseRenamed(env);
  const input: Record<string, Record<string, unknown> | unknown[]> = {};
  const variables = new Map<string, string>();
  for (const binding of ENV_BINDINGS) {
    const text = env[binding.variable]?.trim();
    if (text === undefined || text === '') continue;
    const [section, field] = binding.path;
    const value = readValue(binding, text);
    variables.set(binding.path.join('.'), binding.variable);
    if (field === undefined) input[section] = value as unknown[];
    else input[section] = { ...(input[section] as Record<string, unknown>), [field]: value };
  }
  const embedding = embeddingFromEnv(env, variables);
  input.embedding = { ...(input.embedding as Record<string, unknown>), ...embedding };
  return resolveSettings(input, (path) => variableFor(path.join('.'), variables));
}

/** Variables renamed since an earlier release, with their new names. */
const RENAMED_VARIABLES: Readonly<Record<string, string>> = {
  OMNIGRAPH_COLUMN_CACHE_BYTES: 'OMNIGRAPH_CACHE_BYTES',
};

/** A renamed variable still set would be ignored without a word: it is a `configuration` error. */
function refuseRenamed(env: Env): void {
  for (const [old, current] of Object.entries(RENAMED_VARIABLES)) {
    if ((env[old]?.trim() ?? '') === '') continue;
    throw new OmniError('configuration', `${old} was renamed ${current}; set that instead`, {
      details: { setting: old },
    });
  }
}

/** The variable a setting came from, or else the one that sets it. */
function variableFor(path: string, set: ReadonlyMap<string, string>): string {
  const binding = ENV_BINDINGS.findLast((candidate) => candidate.path.join('.') === path);
  return set.get(path) ?? binding?.variable ?? `settings.${path}`;
}

function readValue(binding: EnvBinding, text: string): unknown {
  switch (binding.reading) {
    case 'text':
      return text;
    case 'flag':
      return envFlag(text);
    case 'list':
      return text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
    case 'number': {
      const value = Number(text);
      if (!Number.isFinite(value)) {
        throw new OmniError(
          'configuration',
          `${binding.variable} must be a number, not '${text}'`,
          {
            details: { setting: binding.variable },
          },
        );
      }
      return value;
    }
  }
}

/** The provider, and its key from the first of the provider's key variables that is set. */
function embeddingFromEnv(
  env: Env,
  variables: Map<string, string>,
): { provider: EmbeddingProviderName; apiKey?: string; apiKeyVariable?: string } {
  const provider = providerFromEnv(env);
  const keyVariable = API_KEY_VARIABLES[provider].find((name) => env[name]?.trim());
  variables.set('embedding.provider', 'OMNIGRAPH_EMBED_PROVIDER');
  if (keyVariable === undefined) return { provider };
  return { provider, apiKey: env[keyVariable]?.trim(), apiKeyVariable: keyVariable };
}

function providerFromEnv(env: Env): EmbeddingProviderName {
  if (envFlag(env.OMNIGRAPH_EMBEDDINGS_MOCK)) return 'mock';
  const name = env.OMNIGRAPH_EMBED_PROVIDER?.trim() || 'openai-compatible';
  const known = EMBEDDING_PROVIDERS.find((provider) => provider === name);
  if (known !== undefined) return known;
  throw new OmniError(
    'configuration',
    `OMNIGRAPH_EMBED_PROVIDER must be one of ${EMBEDDING_PROVIDERS.join(', ')}, not '${name}'`,
    { details: { setting: 'OMNIGRAPH_EMBED_PROVIDER' } },
  );
}

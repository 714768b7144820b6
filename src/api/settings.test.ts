import { describe, expect, it } from 'vitest';
import { isOmniError } from '../util/omni-error.js';
import { DEFAULT_SETTINGS, defaultCacheBytes, resolveSettings } from './settings.js';
import { settingsFromEnv } from './settings-from-env.js';

/** The message of the `configuration` error `make` throws. */
function configurationError(make: () => unknown): string {
  try {
    make();
  } catch (error) {
    expect(isOmniError(error, 'configuration')).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
}

describe('settings', () => {
  it('fills every default', () => {
    expect(resolveSettings()).toEqual({
      writer: { leaseTtlMs: 30_000, waitMs: 30_000, lingerMs: 250 },
      cache: { bytes: defaultCacheBytes() },
      traversal: { mode: 'auto', indexedMaxFrontier: 1024, indexedMaxHops: 6, csrBuildFactor: 1.5 },
      search: {
        textMode: 'auto',
        nprobes: 20,
        refineFactor: 1,
        exactVectorRows: 10_000,
        rrfWindow: 100,
      },
      embedding: {
        provider: 'openai-compatible',
        baseUrl: 'https://openrouter.ai/api/v1',
        model: 'openai/text-embedding-3-large',
        apiKey: undefined,
        apiKeyVariable: 'OPENROUTER_API_KEY',
        deadlineMs: 60_000,
        timeoutMs: 30_000,
        retryAttempts: 4,
        retryBackoffMs: 200,
      },
      s3: {
        region: 'us-east-1',
        endpoint: undefined,
        forcePathStyle: false,
        allowHttp: false,
        connectTimeoutMs: 5_000,
        requestTimeoutMs: 30_000,
        maxAttempts: 4,
      },
      limits: { queryRows: 5_000_000 },
      failpoints: [],
    });
    expect(DEFAULT_SETTINGS).toEqual(resolveSettings());
  });

  it('keeps what is given and defaults the rest of each section', () => {
    const settings = resolveSettings({
      cache: { bytes: 0 },
      traversal: { mode: 'csr' },
      embedding: { provider: 'gemini' },
    });
    expect(settings.cache.bytes).toBe(0);
    expect(settings.traversal).toEqual({ ...DEFAULT_SETTINGS.traversal, mode: 'csr' });
    expect(settings.embedding).toMatchObject({
      provider: 'gemini',
      baseUrl: 'https://generativelanguage.googleapis.com/v1beta',
      model: 'gemini-embedding-2',
      apiKeyVariable: 'GEMINI_API_KEY',
    });
  });

  it('accepts resolved settings as input unchanged', () => {
    const settings = resolveSettings({ s3: { endpoint: 'https://s3.example.com' } });
    expect(resolveSettings(settings)).toEqual(settings);
    expect(settings.s3.forcePathStyle).toBe(true);
  });

  it('names the setting, the problem and the value of a bad setting', () => {
    expect(configurationError(() => resolveSettings({ cache: { bytes: -1 } }))).toBe(
      'settings.cache.bytes: too small: expected number to be >=0 (got -1)',
    );
    expect(
      configurationError(() =>
        resolveSettings({ traversal: { mode: 'fast' as unknown as 'csr' } }),
      ),
    ).toMatch(/^settings\.traversal\.mode: .*"auto".*"indexed".*"csr".*\(got "fast"\)$/);
    expect(configurationError(() => resolveSettings({ writer: { lingerMs: 1.5 } }))).toContain(
      'settings.writer.lingerMs',
    );
    expect(
      configurationError(() => resolveSettings({ cache: { columnBytes: 1 } } as never)),
    ).toContain('settings.cache');
    expect(configurationError(() => resolveSettings({ nope: {} } as never))).toContain('settings');
  });

  it('refuses a plain-HTTP S3 endpoint unless allowed', () => {
    expect(
      configurationError(() => resolveSettings({ s3: { endpoint: 'http://127.0.0.1:7480' } })),
    ).toBe(
      "S3 endpoint 'http://127.0.0.1:7480' is plain HTTP; set settings.s3.allowHttp to allow it",
    );
    expect(
      resolveSettings({ s3: { endpoint: 'http://127.0.0.1:7480', allowHttp: true } }).s3,
    ).toMatchObject({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:7480',
      forcePathStyle: true,
      allowHttp: true,
    });
    expect(configurationError(() => resolveSettings({ s3: { endpoint: 'ftp://x' } }))).toContain(
      'settings.s3.endpoint',
    );
  });
});

describe('settings from the environment', () => {
  it('reads nothing but defaults from an empty environment', () => {
    expect(settingsFromEnv({})).toEqual(DEFAULT_SETTINGS);
  });

  it('reads every tunable, treating blank variables as unset', () => {
    const settings = settingsFromEnv({
      OMNIGRAPH_LEASE_TTL_MS: '900',
      OMNIGRAPH_WRITER_WAIT_MS: '300',
      OMNIGRAPH_LEASE_LINGER_MS: '0',
      OMNIGRAPH_CACHE_BYTES: '1024',
      OMNIGRAPH_TRAVERSAL_MODE: 'csr',
      OMNIGRAPH_EXPAND_INDEXED_MAX_FRONTIER: '10',
      OMNIGRAPH_EXPAND_INDEXED_MAX_HOPS: '2',
      CSR_BUILD_FACTOR: '3',
      OMNIGRAPH_TEXT_SEARCH_MODE: 'memory',
      OMNIGRAPH_VECTOR_NPROBES: '8',
      OMNIGRAPH_VECTOR_REFINE_FACTOR: '2',
      OMNIGRAPH_VECTOR_EXACT_ROWS: '50',
      OMNIGRAPH_RRF_WINDOW: '7',
      OMNIGRAPH_FAILPOINTS: ' load.before_publish , mutate.after_publish,',
      OMNIGRAPH_EMBED_MODEL: '  ',
      OMNIGRAPH_S3_CONNECT_TIMEOUT_MS: '100',
      OMNIGRAPH_S3_REQUEST_TIMEOUT_MS: '200',
      OMNIGRAPH_S3_MAX_ATTEMPTS: '2',
      OMNIGRAPH_QUERY_MAX_ROWS: '1000',
    });
    expect(settings.s3).toMatchObject({
      connectTimeoutMs: 100,
      requestTimeoutMs: 200,
      maxAttempts: 2,
    });
    expect(settings.limits.queryRows).toBe(1000);
    expect(settings.writer).toEqual({ leaseTtlMs: 900, waitMs: 300, lingerMs: 0 });
    expect(settings.cache.bytes).toBe(1024);
    expect(settings.traversal).toEqual({
      mode: 'csr',
      indexedMaxFrontier: 10,
      indexedMaxHops: 2,
      csrBuildFactor: 3,
    });
    expect(settings.search).toEqual({
      textMode: 'memory',
      nprobes: 8,
      refineFactor: 2,
      exactVectorRows: 50,
      rrfWindow: 7,
    });
    expect(settings.failpoints).toEqual(['load.before_publish', 'mutate.after_publish']);
    expect(settings.embedding.model).toBe(DEFAULT_SETTINGS.embedding.model);
  });

  it('refuses a renamed variable, naming its new name', () => {
    expect(configurationError(() => settingsFromEnv({ OMNIGRAPH_COLUMN_CACHE_BYTES: '5' }))).toBe(
      'OMNIGRAPH_COLUMN_CACHE_BYTES was renamed OMNIGRAPH_CACHE_BYTES; set that instead',
    );
    expect(settingsFromEnv({ OMNIGRAPH_COLUMN_CACHE_BYTES: ' ' }).cache.bytes).toBe(
      DEFAULT_SETTINGS.cache.bytes,
    );
  });

  it('names the variable of a bad value', () => {
    expect(configurationError(() => settingsFromEnv({ OMNIGRAPH_CACHE_BYTES: 'lots' }))).toBe(
      "OMNIGRAPH_CACHE_BYTES must be a number, not 'lots'",
    );
    expect(configurationError(() => settingsFromEnv({ OMNIGRAPH_TRAVERSAL_MODE: 'fast' }))).toMatch(
      /^OMNIGRAPH_TRAVERSAL_MODE: .*\(got "fast"\)$/,
    );
    expect(configurationError(() => settingsFromEnv({ CSR_BUILD_FACTOR: '0' }))).toMatch(
      /^CSR_BUILD_FACTOR: too small/,
    );
    expect(configurationError(() => settingsFromEnv({ OMNIGRAPH_EMBED_TIMEOUT_MS: '-1' }))).toMatch(
      /^OMNIGRAPH_EMBED_TIMEOUT_MS: too small.*\(got -1\)$/,
    );
    expect(configurationError(() => settingsFromEnv({ OMNIGRAPH_EMBED_PROVIDER: 'cohere' }))).toBe(
      "OMNIGRAPH_EMBED_PROVIDER must be one of openai-compatible, openai, gemini, mock, not 'cohere'",
    );
    expect(
      configurationError(() => settingsFromEnv({ AWS_ENDPOINT: 'http://127.0.0.1:7480' })),
    ).toBe("S3 endpoint 'http://127.0.0.1:7480' is plain HTTP; set AWS_ALLOW_HTTP to allow it");
  });

  it('picks the embedding provider, its defaults and its API key variable', () => {
    expect(settingsFromEnv({ OMNIGRAPH_EMBED_PROVIDER: 'gemini' }).embedding).toMatchObject({
      baseUrl: 'https://generativelanguage.googleapis.com/v1beta',
      model: 'gemini-embedding-2',
      apiKey: undefined,
      apiKeyVariable: 'GEMINI_API_KEY',
    });
    expect(
      settingsFromEnv({ OMNIGRAPH_EMBED_PROVIDER: 'openai', OMNIGRAPH_EMBEDDINGS_MOCK: 'true' })
        .embedding.provider,
    ).toBe('mock');
    expect(settingsFromEnv({ OPENAI_API_KEY: 'k2' }).embedding).toMatchObject({
      apiKey: 'k2',
      apiKeyVariable: 'OPENAI_API_KEY',
    });
    expect(
      settingsFromEnv({ OPENROUTER_API_KEY: 'k1', OPENAI_API_KEY: 'k2' }).embedding.apiKey,
    ).toBe('k1');
    expect(
      settingsFromEnv({ OMNIGRAPH_EMBED_BASE_URL: 'http://127.0.0.1:9/v1/' }).embedding.baseUrl,
    ).toBe('http://127.0.0.1:9/v1');
  });

  it('reads the S3 endpoint variables; later names win, a custom endpoint is path-style', () => {
    expect(
      settingsFromEnv({
        AWS_DEFAULT_REGION: 'eu-west-1',
        AWS_REGION: 'eu-west-3',
        AWS_ENDPOINT: 'https://a.example.com',
        AWS_ENDPOINT_URL_S3: 'https://b.example.com',
      }).s3,
    ).toMatchObject({
      region: 'eu-west-3',
      endpoint: 'https://b.example.com',
      forcePathStyle: true,
      allowHttp: false,
    });
    expect(
      settingsFromEnv({
        AWS_ENDPOINT_URL: 'http://h:1',
        AWS_ALLOW_HTTP: 'yes',
        AWS_S3_FORCE_PATH_STYLE: 'off',
      }).s3,
    ).toMatchObject({ allowHttp: true, forcePathStyle: false });
  });
});

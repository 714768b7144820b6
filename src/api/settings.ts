import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { z } from 'zod';
import { OmniError } from '../util/omni-error.js';

/** The cross-process writer lease (one writer per graph at a time). */
export interface WriterSettings {
  /** How long a lease lives without renewal, in ms. Default 30,000. */
  readonly leaseTtlMs: number;
  /** How long a writer waits for another process's lease before failing, in ms. Default 30,000. */
  readonly waitMs: number;
  /** How long an idle lease is kept for this handle's next write, in ms. Default 250. */
  readonly lingerMs: number;
}

/** Read caches; each is keyed by immutable table versions, so it is only ever evicted. */
export interface CacheSettings {
  /**
   * One byte budget for the read caches of an open graph (decoded columns and their id indexes,
   * topology indexes), least recently used evicted first; 0 disables them. Default
   * {@link defaultCacheBytes}.
   */
  readonly bytes: number;
}

/**
 * The default cache budget: a quarter of the machine's memory, and at most half of the
 * JavaScript heap the caches live in (so a full cache leaves the queries room).
 */
export function defaultCacheBytes(): number {
  return Math.floor(Math.min(totalmem() / 4, getHeapStatistics().heap_size_limit / 2));
}

/** How traversals pick a strategy: by the cost model, or forced. */
export type TraversalMode = 'auto' | 'indexed' | 'csr';

/** Traversal planning. */
export interface TraversalSettings {
  /** Default `auto` (the cost model). */
  readonly mode: TraversalMode;
  /** Largest per-hop frontier the indexed strategy looks up. Default 1,024. */
  readonly indexedMaxFrontier: number;
  /** Deepest traversal the indexed strategy takes. Default 6. */
  readonly indexedMaxHops: number;
  /**
   * Build the in-memory topology index when per-hop lookups would touch at least
   * `edges / csrBuildFactor` edges. Default 1.5.
   */
  readonly csrBuildFactor: number;
}

/**
 * Where full-text functions are answered: `auto` uses Lance's inverted index when the column
 * has one at the read version and the exact in-memory index otherwise; `memory` always uses the
 * in-memory index; `index` is `auto`.
 */
export type TextSearchMode = 'auto' | 'index' | 'memory';

/** Search execution. */
export interface SearchSettings {
  /** Default `auto`. */
  readonly textMode: TextSearchMode;
  /** IVF partitions probed by an indexed vector search. Default 20. */
  readonly nprobes: number;
  /** Exact re-ranking of `limit × refineFactor` ANN candidates. Default 1. */
  readonly refineFactor: number;
  /** A filtered vector search over at most this many rows scans exactly. Default 10,000. */
  readonly exactVectorRows: number;
  /** Rows each ranking contributes to `rrf` at least. Default 100. */
  readonly rrfWindow: number;
}

/** The embedding providers; `mock` is deterministic and offline. */
export const EMBEDDING_PROVIDERS = ['openai-compatible', 'openai', 'gemini', 'mock'] as const;

/** One of {@link EMBEDDING_PROVIDERS}. */
export type EmbeddingProviderName = (typeof EMBEDDING_PROVIDERS)[number];

/** How text `nearest()` queries are embedded. */
export interface EmbeddingSettings {
  /** Default `openai-compatible`. */
  readonly provider: EmbeddingProviderName;
  /** Default: the provider's public endpoint. */
  readonly baseUrl: string;
  /** Default: the provider's default model. */
  readonly model: string;
  /** The API key; undefined makes a remote call fail with a `configuration` error. */
  readonly apiKey: string | undefined;
  /** Where the key is expected (named in that error). */
  readonly apiKeyVariable: string | undefined;
  /** Budget for one embedding call, retries included, in ms; 0 = unbounded. Default 60,000. */
  readonly deadlineMs: number;
  /** Budget for one HTTP attempt, in ms. Default 30,000. */
  readonly timeoutMs: number;
  /** Attempts per call, the first included. Default 4. */
  readonly retryAttempts: number;
  /** Delay before the second attempt, doubling each time, in ms. Default 200. */
  readonly retryBackoffMs: number;
}

/**
 * How to reach S3 (or an S3-compatible server). Credentials are not settings: the AWS SDK and
 * Lance read `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` themselves.
 */
export interface S3Settings {
  /** Default `us-east-1`. */
  readonly region: string;
  /** A custom endpoint (`https://…`, or `http://…` with `allowHttp`); undefined for AWS. */
  readonly endpoint: string | undefined;
  /** Path-style addressing; default true when an endpoint is set (S3-compatible servers). */
  readonly forcePathStyle: boolean;
  /** Allow a plain-HTTP endpoint. Default false. */
  readonly allowHttp: boolean;
  /** Budget for opening a connection, in ms. Default 5,000. */
  readonly connectTimeoutMs: number;
  /** Budget for one request once connected, in ms. Default 30,000. */
  readonly requestTimeoutMs: number;
  /** Attempts per request, the first included, with backoff between them. Default 4. */
  readonly maxAttempts: number;
}

/** Bounds on the work one request may do; exceeding one is a `resource_limit` error. */
export interface LimitsSettings {
  /** Rows any stage of a read query may hold at once. Default 5,000,000. */
  readonly queryRows: number;
}

/**
 * Everything a graph handle can be tuned with. The engine never reads the environment: pass
 * settings to `Omnigraph.open`/`init` (all fields optional, see {@link SettingsInput}), or build
 * them from the `OMNIGRAPH_*` and `AWS_*` variables with `settingsFromEnv` as the CLI does.
 */
export interface OmnigraphSettings {
  readonly writer: WriterSettings;
  readonly cache: CacheSettings;
  readonly traversal: TraversalSettings;
  readonly search: SearchSettings;
  readonly embedding: EmbeddingSettings;
  readonly s3: S3Settings;
  readonly limits: LimitsSettings;
  /** Named crash points that end the process when reached (tests of crash recovery). */
  readonly failpoints: readonly string[];
}

/** Settings as a caller gives them: any section, any field, may be left out. */
export type SettingsInput = {
  readonly [
    Section in keyof OmnigraphSettings
  ]?: OmnigraphSettings[Section] extends readonly unknown[]
    ? OmnigraphSettings[Section]
    : Partial<OmnigraphSettings[Section]>;
};

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

/** The environment variables each provider's API key is read from, in order. */
export const API_KEY_VARIABLES: Readonly<Record<EmbeddingProviderName, readonly string[]>> = {
  'openai-compatible': ['OPENROUTER_API_KEY', 'OPENAI_API_KEY'],
  openai: ['OPENAI_API_KEY'],
  gemini: ['GEMINI_API_KEY'],
  mock: [],
};

const count = z.number().int().nonnegative();
const positiveInt = z.number().int().positive();

const SETTINGS_SCHEMA = z.strictObject({
  writer: z
    .strictObject({ leaseTtlMs: positiveInt, waitMs: count, lingerMs: count })
    .partial()
    .optional(),
  cache: z.strictObject({ bytes: count }).partial().optional(),
  traversal: z
    .strictObject({
      mode: z.enum(['auto', 'indexed', 'csr']),
      indexedMaxFrontier: positiveInt,
      indexedMaxHops: positiveInt,
      csrBuildFactor: z.number().positive(),
    })
    .partial()
    .optional(),
  search: z
    .strictObject({
      textMode: z.enum(['auto', 'index', 'memory']),
      nprobes: positiveInt,
      refineFactor: positiveInt,
      exactVectorRows: positiveInt,
      rrfWindow: positiveInt,
    })
    .partial()
    .optional(),
  embedding: z
    .strictObject({
      provider: z.enum(EMBEDDING_PROVIDERS),
      baseUrl: z.string(),
      model: z.string().min(1),
      apiKey: z.string().min(1).optional(),
      apiKeyVariable: z.string().min(1).optional(),
      deadlineMs: count,
      timeoutMs: count,
      retryAttempts: positiveInt,
      retryBackoffMs: count,
    })
    .partial()
    .optional(),
  s3: z
    .strictObject({
      region: z.string().min(1),
      endpoint: z.url({ protocol: /^https?$/ }).optional(),
      forcePathStyle: z.boolean(),
      allowHttp: z.boolean(),
      connectTimeoutMs: positiveInt,
      requestTimeoutMs: positiveInt,
      maxAttempts: positiveInt,
    })
    .partial()
    .optional(),
  limits: z.strictObject({ queryRows: positiveInt }).partial().optional(),
  failpoints: z.array(z.string().min(1)).optional(),
});

/**
 * Names a setting in an error: `settings.cache.bytes` by default; `settingsFromEnv` names
 * the environment variable instead.
 */
export type SettingName = (path: readonly PropertyKey[]) => string;

const settingPath: SettingName = (path) => ['settings', ...path.map(String)].join('.');

/**
 * Validates settings and fills every default. A bad value is a `configuration` error naming the
 * setting (or, through `nameOf`, the variable it came from); unknown fields are refused.
 *
 * @example resolveSettings({ cache: { bytes: 0 } }).traversal.mode // 'auto'
 */
export function resolveSettings(
  input: SettingsInput = {},
  nameOf: SettingName = settingPath,
): OmnigraphSettings {
  const parsed = SETTINGS_SCHEMA.safeParse(input, { reportInput: true });
  if (!parsed.success) throw invalidSetting(parsed.error.issues[0], nameOf);
  const given = parsed.data;
  const s3 = s3Settings(given.s3 ?? {});
  if (s3.endpoint?.startsWith('http:') === true && !s3.allowHttp) {
    throw new OmniError(
      'configuration',
      `S3 endpoint '${s3.endpoint}' is plain HTTP; set ${nameOf(['s3', 'allowHttp'])} to allow it`,
      { details: { setting: nameOf(['s3', 'allowHttp']) } },
    );
  }
  return {
    writer: { leaseTtlMs: 30_000, waitMs: 30_000, lingerMs: 250, ...given.writer },
    cache: { bytes: defaultCacheBytes(), ...given.cache },
    traversal: {
      mode: 'auto',
      indexedMaxFrontier: 1024,
      indexedMaxHops: 6,
      csrBuildFactor: 1.5,
      ...given.traversal,
    },
    search: {
      textMode: 'auto',
      nprobes: 20,
      refineFactor: 1,
      exactVectorRows: 10_000,
      rrfWindow: 100,
      ...given.search,
    },
    embedding: embeddingSettings(given.embedding ?? {}),
    s3,
    limits: { queryRows: 5_000_000, ...given.limits },
    failpoints: given.failpoints ?? [],
  };
}

function embeddingSettings(given: Partial<EmbeddingSettings>): EmbeddingSettings {
  const provider = given.provider ?? 'openai-compatible';
  return {
    provider,
    baseUrl: (given.baseUrl ?? DEFAULT_BASE_URLS[provider]).replace(/\/+$/, ''),
    model: given.model ?? DEFAULT_MODELS[provider],
    apiKey: given.apiKey,
    apiKeyVariable: given.apiKeyVariable ?? API_KEY_VARIABLES[provider][0],
    deadlineMs: given.deadlineMs ?? 60_000,
    timeoutMs: given.timeoutMs ?? 30_000,
    retryAttempts: given.retryAttempts ?? 4,
    retryBackoffMs: given.retryBackoffMs ?? 200,
  };
}

function s3Settings(given: Partial<S3Settings>): S3Settings {
  return {
    region: given.region ?? 'us-east-1',
    endpoint: given.endpoint,
    forcePathStyle: given.forcePathStyle ?? given.endpoint !== undefined,
    allowHttp: given.allowHttp ?? false,
    connectTimeoutMs: given.connectTimeoutMs ?? 5_000,
    requestTimeoutMs: given.requestTimeoutMs ?? 30_000,
    maxAttempts: given.maxAttempts ?? 4,
  };
}

/** Every setting at its default. */
export const DEFAULT_SETTINGS: OmnigraphSettings = resolveSettings();

/** The `configuration` error of a rejected setting: its name, what is wrong, what was given. */
function invalidSetting(issue: z.core.$ZodIssue | undefined, nameOf: SettingName): OmniError {
  const name = nameOf(issue?.path ?? []);
  const problem = (issue?.message ?? 'invalid value').replace(/^\w/, (c) => c.toLowerCase());
  const given = issue?.input === undefined ? '' : ` (got ${JSON.stringify(issue.input)})`;
  return new OmniError('configuration', `${name}: ${problem}${given}`, {
    details: { setting: name },
  });
}

import { OmniError, messageOf } from '../util/omni-error.js';
import type { EmbeddingSettings } from '../api/settings.js';

/** A JSON POST to an embedding API. */
export interface EmbeddingRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** Names the provider in messages. */
  readonly label: string;
}

/** How an attempt failed: retry it, or give up. */
class AttemptError extends Error {
  readonly retryable: boolean;
  readonly error: OmniError;
  readonly retryAfterMs: number | undefined;

  constructor(error: OmniError, retryable: boolean, retryAfterMs?: number) {
    super(error.message);
    this.error = error;
    this.retryable = retryable;
    this.retryAfterMs = retryAfterMs;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * POSTs JSON and returns the parsed response, with bounded retries (docs/reference/query.md): each
 * attempt bounded by `timeoutMs`, the whole call by `deadlineMs` (0: unbounded), up to
 * `retryAttempts` attempts for network failures, timeouts, 408, 429 and 5xx, with exponential
 * backoff and jitter (or the server's `Retry-After`). Authentication failures are `configuration`
 * errors, other 4xx `bad_request`, exhausted retries `transient`. Keys never appear in messages.
 */
export async function postEmbeddingJson(
  request: EmbeddingRequest,
  config: EmbeddingSettings,
  fetchImpl: typeof fetch = fetch,
): Promise<unknown> {
  const started = Date.now();
  const remaining = (): number =>
    config.deadlineMs === 0 ? Number.POSITIVE_INFINITY : config.deadlineMs - (Date.now() - started);
  let last: OmniError | undefined;
  for (let attempt = 1; attempt <= config.retryAttempts; attempt += 1) {
    const budget = Math.min(
      config.timeoutMs === 0 ? Number.POSITIVE_INFINITY : config.timeoutMs,
      remaining(),
    );
    if (budget <= 0) break;
    try {
      return await attemptOnce(request, budget, fetchImpl);
    } catch (error) {
      if (!(error instanceof AttemptError)) throw error;
      last = error.error;
      if (!error.retryable || attempt === config.retryAttempts) break;
      const backoff = config.retryBackoffMs * 2 ** (attempt - 1);
      const delay = error.retryAfterMs ?? backoff / 2 + Math.random() * (backoff / 2);
      if (delay >= remaining()) break;
      await sleep(delay);
    }
  }
  if (last !== undefined && last.code !== 'transient') throw last;
  throw new OmniError(
    'transient',
    `${request.label} embedding request failed${last === undefined ? ' (deadline exceeded)' : `: ${last.message}`}`,
    { details: { provider: request.label } },
  );
}

async function attemptOnce(
  request: EmbeddingRequest,
  budgetMs: number,
  fetchImpl: typeof fetch,
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetchImpl(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...request.headers },
      body: JSON.stringify(request.body),
      ...(Number.isFinite(budgetMs) ? { signal: AbortSignal.timeout(budgetMs) } : {}),
    });
  } catch (error) {
    throw new AttemptError(
      new OmniError('transient', `${request.label} unreachable: ${messageOf(error)}`),
      true,
    );
  }
  const text = await response.text().catch(() => '');
  if (response.ok) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new AttemptError(
        new OmniError('transient', `${request.label} returned invalid JSON`),
        true,
      );
    }
  }
  const detail = `${request.label} answered ${response.status}: ${summary(text)}`;
  if (response.status === 401 || response.status === 403) {
    throw new AttemptError(new OmniError('configuration', detail), false);
  }
  const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
  const error = new OmniError(retryable ? 'transient' : 'bad_request', detail, {
    details: { status: response.status },
  });
  throw new AttemptError(error, retryable, retryAfter(response.headers.get('retry-after')));
}

function summary(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat || '(empty body)';
}

function retryAfter(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

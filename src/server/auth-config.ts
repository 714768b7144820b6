import { readFile } from 'node:fs/promises';
import type { SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';
import type { Env } from '../api/settings-from-env.js';
import { messageOf, OmniError } from '../util/omni-error.js';
import { parseTokenMap, tokenEntries, type TokenEntry } from './bearer-tokens.js';
import { secretTokenPairs } from './secrets-manager-tokens.js';

/** The actor of `OMNIGRAPH_SERVER_BEARER_TOKEN`. */
export const DEFAULT_TOKEN_ACTOR = 'default';

/**
 * Where bearer tokens come from, as plain values (the edge reads them from the environment with
 * {@link authSettingsFromEnv}). An AWS secret, when named, is the only source; otherwise the single
 * token joins the tokens of the file or, without a file, of the inline JSON.
 */
export interface AuthSettings {
  /** `OMNIGRAPH_SERVER_BEARER_TOKEN`: one token, for actor `default`. */
  readonly bearerToken?: string;
  /** `OMNIGRAPH_SERVER_BEARER_TOKENS_FILE`: a JSON file `{actor: token}`. */
  readonly tokensFile?: string;
  /** `OMNIGRAPH_SERVER_BEARER_TOKENS_JSON`: inline JSON `{actor: token}`. */
  readonly tokensJson?: string;
  /** `OMNIGRAPH_SERVER_BEARER_TOKENS_AWS_SECRET`: a secret id or ARN holding `{actor: token}`. */
  readonly awsSecret?: string;
  /** How to reach Secrets Manager (region, endpoint, credentials); the SDK's defaults otherwise. */
  readonly secretsManager?: SecretsManagerClientConfig;
  /** `--unauthenticated` / `OMNIGRAPH_UNAUTHENTICATED`: allow serving with no token and no policy. */
  readonly unauthenticated?: boolean;
}

/** The server's bearer tokens (hashed) and whether it may run open. */
export interface AuthConfig {
  readonly tokens: readonly TokenEntry[];
  readonly unauthenticated: boolean;
}

/**
 * The auth settings of an environment: the `OMNIGRAPH_SERVER_BEARER_*` variables (blank ones
 * count as unset) and `OMNIGRAPH_UNAUTHENTICATED` (true unless empty, `0` or `false`).
 */
export function authSettingsFromEnv(env: Env): AuthSettings {
  const value = (name: string): string | undefined => {
    const text = env[name]?.trim();
    return text === undefined || text === '' ? undefined : text;
  };
  const settings = {
    bearerToken: value('OMNIGRAPH_SERVER_BEARER_TOKEN'),
    tokensFile: value('OMNIGRAPH_SERVER_BEARER_TOKENS_FILE'),
    tokensJson: value('OMNIGRAPH_SERVER_BEARER_TOKENS_JSON'),
    awsSecret: value('OMNIGRAPH_SERVER_BEARER_TOKENS_AWS_SECRET'),
  };
  const flag = value('OMNIGRAPH_UNAUTHENTICATED');
  return {
    ...Object.fromEntries(Object.entries(settings).filter(([, text]) => text !== undefined)),
    unauthenticated: flag !== undefined && !/^(0|false)$/i.test(flag),
  };
}

/**
 * Loads and validates the bearer tokens `settings` name, hashing each with SHA-256 (the tokens
 * themselves are not kept). A blank or duplicate actor or token, unreadable file, bad JSON or
 * unreadable secret is a `configuration` error naming its source.
 *
 * @example
 * const auth = await loadAuthConfig(authSettingsFromEnv(process.env));
 */
export async function loadAuthConfig(settings: AuthSettings): Promise<AuthConfig> {
  const unauthenticated = settings.unauthenticated === true;
  if (settings.awsSecret !== undefined) {
    const pairs = await secretTokenPairs(settings.awsSecret, settings.secretsManager);
    return { tokens: tokenEntries(pairs, `secret '${settings.awsSecret}'`), unauthenticated };
  }
  const pairs: [string, string][] = [];
  if (settings.bearerToken !== undefined) pairs.push([DEFAULT_TOKEN_ACTOR, settings.bearerToken]);
  if (settings.tokensFile !== undefined) {
    pairs.push(...parseTokenMap(await readTokensFile(settings.tokensFile), settings.tokensFile));
  } else if (settings.tokensJson !== undefined) {
    pairs.push(...parseTokenMap(settings.tokensJson, 'OMNIGRAPH_SERVER_BEARER_TOKENS_JSON'));
  }
  return { tokens: tokenEntries(pairs, 'bearer tokens'), unauthenticated };
}

async function readTokensFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new OmniError(
      'configuration',
      `cannot read bearer tokens file ${path}: ${messageOf(error)}`,
      {
        details: { setting: 'OMNIGRAPH_SERVER_BEARER_TOKENS_FILE' },
        cause: error,
      },
    );
  }
}

import { OmniError } from '../util/omni-error.js';
import type { AuthConfig } from './auth-config.js';
import type { GraphRegistry } from './graph-registry.js';

/**
 * How the server decides requests, fixed at start: `open` (no tokens, no policy, explicitly
 * unauthenticated: every graph action allowed), `default-deny` (tokens, no policy: actors may
 * only read) or `policy` (tokens and policies: Cedar decides; graphs without a bundle are
 * default-deny).
 */
export type AccessMode = 'open' | 'default-deny' | 'policy';

/**
 * The access mode of an auth config and a registry, or a `configuration` error for the two
 * refused combinations: nothing configured without `unauthenticated`, and a policy without
 * tokens (no actor could ever be allowed).
 */
export function accessModeOf(auth: AuthConfig, registry: GraphRegistry): AccessMode {
  const hasTokens = auth.tokens.length > 0;
  const hasPolicy =
    registry.serverPolicy !== undefined ||
    registry.list().some((served) => served.policy !== undefined);
  if (hasPolicy && !hasTokens) {
    throw new OmniError(
      'configuration',
      'a policy without tokens: configure bearer tokens (OMNIGRAPH_SERVER_BEARER_TOKEN, …_FILE, …_JSON or …_AWS_SECRET) so actors can be identified',
    );
  }
  if (hasPolicy) return 'policy';
  if (hasTokens) return 'default-deny';
  if (auth.unauthenticated) return 'open';
  throw new OmniError(
    'configuration',
    'no bearer tokens and no policy: configure tokens, or pass --unauthenticated (OMNIGRAPH_UNAUTHENTICATED=1) to serve without authentication',
  );
}

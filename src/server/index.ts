// The HTTP server: the application over a registry of served graphs, its auth configuration and
// the helpers the boot uses to build the registry (stored queries, decision logging).
export { createServer, type ServerOptions } from './create-server.js';
export {
  createGraphRegistry,
  type GraphRegistry,
  type GraphRegistryInput,
  type ServedGraph,
} from './graph-registry.js';
export {
  compileStoredQuery,
  type StoredQuery,
  type StoredQueryInput,
  type StoredQueryParam,
} from './stored-query.js';
export {
  authSettingsFromEnv,
  DEFAULT_TOKEN_ACTOR,
  loadAuthConfig,
  type AuthConfig,
  type AuthSettings,
} from './auth-config.js';
export type { TokenEntry } from './bearer-tokens.js';
export { accessModeOf, type AccessMode } from './access-mode.js';
export { policyDecisionLogger } from './decision-log.js';
export { isValidGraphId, RESERVED_GRAPH_IDS } from './graph-id.js';
export { DEFAULT_SERVER_LIMITS, serverLimitsFromEnv, type ServerLimits } from './server-limits.js';
export { openApiDocument, type OpenApiOptions } from './openapi-document.js';
export { bootCluster, type BootedCluster, type BootOptions } from './boot/boot-cluster.js';
export { ClusterBootError, isClusterBootError } from './boot/boot-failure.js';

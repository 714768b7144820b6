// The operator layer of the CLI: ~/.omnigraph/config.yaml, the credentials file, and how a
// served scope and its bearer token are resolved from them.
export {
  resolveServerRef,
  resolveServerTarget,
  type ServerTarget,
  type ServerTargetInput,
} from './server-target.js';
export { nonEmpty, operatorScope, type OperatorScope } from './operator-scope.js';
export { matchServer } from './server-url.js';
export { resolveToken } from './server-token.js';
export { loadOperatorSettings, type OperatorSettings } from './operator-settings.js';
export type { OperatorConfig } from './operator-config-shape.js';

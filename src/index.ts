// The embedded SDK: OmniGraph as a library in this process. Named exports only.
//
//   import { Omnigraph, settingsFromEnv } from 'omnigraph';
//   const graph = await Omnigraph.open('./people', { settings: settingsFromEnv(process.env) });
//
// See docs/guide/embedding.md.
export {
  Omnigraph,
  type InitOptions,
  type OpenMode,
  type OpenOptions,
  type RecoveryOutcome,
} from './engine/index.js';
export * from './api/index.js';
export {
  allowAll,
  loadPolicy,
  parsePolicyBundle,
  Policy,
  POLICY_ACTIONS,
  type AuthorizationRequest,
  type Authorizer,
  type DecisionObserver,
  type PolicyAction,
  type PolicyBundle,
  type PolicyDecision,
  type PolicyOptions,
} from './policy/index.js';
export {
  ERROR_CATALOG,
  OmniError,
  isOmniError,
  type ErrorCode,
  type ErrorDetails,
  type ErrorSpec,
} from './util/index.js';

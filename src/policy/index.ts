// Policies: the authorizer hook the engine calls on every operation, and Cedar bundles.
export { allowAll, type Authorizer, type AuthorizationRequest } from './authorizer.js';
export { POLICY_ACTIONS, type PolicyAction } from './policy-action.js';
export { parsePolicyBundle, type PolicyBundle } from './policy-bundle.js';
export { denialError, type DecisionObserver, type PolicyDecision } from './policy-decision.js';
export { DEFAULT_GRAPH_ID, Policy, loadPolicy, type PolicyOptions } from './policy.js';
export { resolveAuthorizer } from './resolve-authorizer.js';
export {
  parsePolicyTests,
  runPolicyTests,
  type PolicyTestCase,
  type PolicyTestFailure,
} from './policy-tests.js';

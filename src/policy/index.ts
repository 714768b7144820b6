// Policies: the authorizer hook the engine calls on every write (Cedar lands here later).
export {
  allowAll,
  type Authorizer,
  type AuthorizationRequest,
  type PolicyAction,
} from './authorizer.js';

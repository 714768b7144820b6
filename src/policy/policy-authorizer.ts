import type { Authorizer } from './authorizer.js';
import type { Policy } from './policy.js';
import { denialError, type DecisionObserver } from './policy-decision.js';

/**
 * The authorizer of a graph guarded by `policy`: each request is decided, handed to
 * `observer`, and a denial thrown as its {@link denialError}.
 */
export function policyAuthorizer(policy: Policy, observer?: DecisionObserver): Authorizer {
  return {
    authorize(request) {
      const decision = policy.decide(request);
      observer?.(decision);
      return decision.allowed ? Promise.resolve() : Promise.reject(denialError(decision));
    },
  };
}

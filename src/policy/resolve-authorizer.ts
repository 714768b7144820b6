import { OmniError } from '../util/omni-error.js';
import { allowAll, type Authorizer } from './authorizer.js';
import type { Policy } from './policy.js';
import { policyAuthorizer } from './policy-authorizer.js';
import type { DecisionObserver } from './policy-decision.js';

/** How a graph is guarded: a custom authorizer, or a policy (whose decisions may be observed). */
export interface GuardOptions {
  readonly authorizer?: Authorizer;
  readonly policy?: Policy;
  readonly onDecision?: DecisionObserver;
}

/**
 * The authorizer `options` ask for: theirs, the policy's, or {@link allowAll}. An authorizer
 * and a policy together, or an observer without a policy, are a `bad_request`.
 */
export function resolveAuthorizer(options: GuardOptions): Authorizer {
  const { authorizer, policy, onDecision } = options;
  if (authorizer !== undefined && policy !== undefined)
    throw new OmniError('bad_request', 'pass either an authorizer or a policy, not both');
  if (policy !== undefined) return policyAuthorizer(policy, onDecision);
  if (onDecision !== undefined)
    throw new OmniError('bad_request', 'onDecision observes the decisions of a policy: pass one');
  return authorizer ?? allowAll;
}

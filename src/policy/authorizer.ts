import type { PolicyAction } from './policy-action.js';

/**
 * One decision to make. `branch` is the branch acted on (for `branch_create`, the source);
 * `targetBranch` the branch created, deleted, merged into or migrated.
 */
export interface AuthorizationRequest {
  readonly actor: string | null;
  readonly action: PolicyAction;
  readonly branch?: string;
  readonly targetBranch?: string;
}

/**
 * The hook every operation of the engine calls before it has any effect. It resolves to allow
 * and throws an `OmniError('forbidden', …)` to deny. A compiled `Policy` implements it through
 * `policyAuthorizer`; the embedded default allows everything.
 */
export interface Authorizer {
  authorize(request: AuthorizationRequest): Promise<void>;
}

/** The embedded default: every actor may do everything. */
export const allowAll: Authorizer = { authorize: () => Promise.resolve() };

/** Actions an authorizer decides. */
export type PolicyAction =
  | 'read'
  | 'export'
  | 'change'
  | 'schema_apply'
  | 'branch_create'
  | 'branch_delete'
  | 'branch_merge'
  | 'invoke_query';

/**
 * One decision to make. `branch` is the branch acted on (for `branch_create`, the source);
 * `targetBranch` the branch created, deleted or merged into.
 */
export interface AuthorizationRequest {
  readonly actor: string | null;
  readonly action: PolicyAction;
  readonly branch?: string;
  readonly targetBranch?: string;
}

/**
 * The hook every write of the engine calls before it has any effect. It resolves to allow
 * and throws an `OmniError('forbidden', …)` to deny. Cedar policies implement it later; the
 * embedded default allows everything.
 */
export interface Authorizer {
  authorize(request: AuthorizationRequest): Promise<void>;
}

/** The embedded default: every actor may do everything. */
export const allowAll: Authorizer = { authorize: () => Promise.resolve() };

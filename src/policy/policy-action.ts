/**
 * Every action a policy bundle can grant. `admin` is reserved (no operation asks for it yet);
 * `graph_list` is the one server action, the rest are graph actions.
 */
export const POLICY_ACTIONS = [
  'read',
  'export',
  'change',
  'schema_apply',
  'branch_create',
  'branch_delete',
  'branch_merge',
  'admin',
  'invoke_query',
  'graph_list',
] as const;

/** One of {@link POLICY_ACTIONS}. */
export type PolicyAction = (typeof POLICY_ACTIONS)[number];

/** Actions that act on a branch: the only ones a `branch_scope` may narrow. */
export const BRANCH_ACTIONS: ReadonlySet<PolicyAction> = new Set(['read', 'export', 'change']);

/** Actions that create, delete, merge into or migrate a branch: `target_branch_scope` may narrow them. */
export const TARGET_BRANCH_ACTIONS: ReadonlySet<PolicyAction> = new Set([
  'branch_create',
  'schema_apply',
  'branch_delete',
  'branch_merge',
]);

/** Whether `action` is decided on the server (`Omnigraph::Server::"root"`), not on a graph. */
export function isServerAction(action: PolicyAction): boolean {
  return action === 'graph_list';
}

/** A record with one entry per action, made by `make`. */
export function byAction<T>(make: (action: PolicyAction) => T): Record<PolicyAction, T> {
  return Object.fromEntries(POLICY_ACTIONS.map((action) => [action, make(action)])) as Record<
    PolicyAction,
    T
  >;
}

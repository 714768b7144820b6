import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BRANCH_ACTIONS,
  POLICY_ACTIONS,
  TARGET_BRANCH_ACTIONS,
  type PolicyAction,
} from '../../src/policy/policy-action.js';
import { loadPolicy } from '../../src/policy/policy.js';
import { bundleYaml, type RuleSpec } from './policy-fixtures.js';

// Cedar's decisions against a direct reading of the bundle semantics, on generated bundles.

const ACTORS = ['act-a', 'act-b', 'act-c', 'act-d'];
const GROUP_NAMES = ['team', 'admins', 'ops'];
const BRANCHES = ['main', 'dev', 'feature/x', 'release'];
const SCOPES = ['any', 'protected', 'unprotected'] as const;
const GRAPH_ACTIONS = POLICY_ACTIONS.filter((a) => a !== 'graph_list');

interface Request {
  readonly actor: string | null;
  readonly action: PolicyAction;
  readonly branch?: string;
  readonly targetBranch?: string;
}

interface Model {
  readonly groups: Record<string, string[]>;
  readonly protectedBranches: string[];
  readonly rules: RuleSpec[];
}

const groupsArb = fc
  .uniqueArray(fc.constantFrom(...GROUP_NAMES), { minLength: 1, maxLength: 3 })
  .chain((names) =>
    fc
      .tuple(
        ...names.map(() =>
          fc.uniqueArray(fc.constantFrom(...ACTORS), { minLength: 1, maxLength: 3 }),
        ),
      )
      .map((members) => Object.fromEntries(names.map((name, i) => [name, members[i] ?? []]))),
  );

/** A valid rule over `groups`: graph actions or graph_list, and a scope only where it fits. */
function ruleArb(groups: Record<string, string[]>, id: string): fc.Arbitrary<RuleSpec> {
  const actions = fc.oneof(
    fc.constant<PolicyAction[]>(['graph_list']),
    fc.uniqueArray(fc.constantFrom(...GRAPH_ACTIONS), { minLength: 1, maxLength: 3 }),
  );
  return fc
    .record({
      group: fc.constantFrom(...Object.keys(groups)),
      actions,
      scope: fc.option(fc.constantFrom(...SCOPES), { nil: undefined }),
    })
    .map(({ group, actions, scope }) => {
      const rule = { id, group, actions };
      if (scope === undefined) return rule;
      if (actions.every((a) => BRANCH_ACTIONS.has(a))) return { ...rule, branch_scope: scope };
      if (actions.every((a) => TARGET_BRANCH_ACTIONS.has(a)))
        return { ...rule, target_branch_scope: scope };
      return rule;
    });
}

const modelArb: fc.Arbitrary<Model> = groupsArb.chain((groups) =>
  fc.record({
    groups: fc.constant(groups),
    protectedBranches: fc.uniqueArray(fc.constantFrom(...BRANCHES), { maxLength: 2 }),
    rules: fc
      .uniqueArray(fc.stringMatching(/^[a-zA-Z][a-z0-9-]{0,3}$/), { maxLength: 6 })
      .chain((ids) => fc.tuple(...ids.map((id) => ruleArb(groups, id)))),
  }),
);

const requestArb: fc.Arbitrary<Request> = fc.record(
  {
    actor: fc.option(fc.constantFrom(...ACTORS, 'act-unknown'), { nil: null, freq: 10 }),
    action: fc.constantFrom(...POLICY_ACTIONS),
    branch: fc.constantFrom(...BRANCHES),
    targetBranch: fc.constantFrom(...BRANCHES),
  },
  { requiredKeys: ['actor', 'action'] },
);

function covers(
  scope: string | undefined,
  name: string | undefined,
  protectedBranches: string[],
): boolean {
  if (scope === undefined || scope === 'any') return true;
  if (name === undefined) return false;
  return protectedBranches.includes(name) === (scope === 'protected');
}

/** The decision the bundle's semantics call for, written directly. */
function modelDecision(model: Model, request: Request) {
  const { actor, action, branch, targetBranch } = request;
  const head = `policy denied action '${action}'`;
  const on = `${branch === undefined ? '' : ` on branch '${branch}'`}${targetBranch === undefined ? '' : ` targeting branch '${targetBranch}'`}`;
  if (actor === null)
    return { allowed: false, matchedRule: null, message: `${head}${on} without an actor` };
  const satisfied = model.rules.filter(
    (rule) =>
      rule.actions.includes(action) &&
      (model.groups[rule.group] ?? []).includes(actor) &&
      covers(rule.branch_scope, branch, model.protectedBranches) &&
      covers(rule.target_branch_scope, targetBranch, model.protectedBranches),
  );
  if (satisfied.length > 0) {
    const matchedRule = satisfied.map((r) => r.id).sort()[0] ?? null;
    return { allowed: true, matchedRule, message: null };
  }
  const known = Object.values(model.groups).some((actors) => actors.includes(actor));
  const message = known
    ? `${head}${on} for actor '${actor}'`
    : `${head} for unknown actor '${actor}'`;
  return { allowed: false, matchedRule: null, message };
}

describe('Cedar decisions', () => {
  it('agree with the bundle semantics on 10,000 generated bundles', async () => {
    await fc.assert(
      fc.asyncProperty(
        modelArb,
        fc.array(requestArb, { minLength: 1, maxLength: 4 }),
        async (model, requests) => {
          const yaml = bundleYaml(model.groups, model.protectedBranches, model.rules);
          const policy = await loadPolicy(yaml, 'generated');
          for (const request of requests) {
            const { allowed, matchedRule, message } = policy.decide(request);
            expect({ request, allowed, matchedRule, message }).toEqual({
              request,
              ...modelDecision(model, request),
            });
          }
        },
      ),
      { numRuns: 10_000 },
    );
  }, 600_000);
});

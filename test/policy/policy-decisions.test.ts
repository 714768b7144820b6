import { validate } from '@cedar-policy/cedar-wasm/nodejs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CedarPolicySet } from '../../src/policy/cedar-policy-set.js';
import { compileBundle, policySlice } from '../../src/policy/compile-bundle.js';
import {
  BRANCH_ACTIONS,
  POLICY_ACTIONS,
  TARGET_BRANCH_ACTIONS,
  type PolicyAction,
} from '../../src/policy/policy-action.js';
import { parsePolicyBundle } from '../../src/policy/policy-bundle.js';
import { denialError } from '../../src/policy/policy-decision.js';
import { loadPolicy } from '../../src/policy/policy.js';
import { isOmniError } from '../../src/util/omni-error.js';
import { TEAM_BUNDLE, bundleYaml, type RuleSpec } from './policy-fixtures.js';

const GROUPS = { team: ['act-a'] };

/** The Cedar schema compiled bundles are written for (checked against them below). */
const SCHEMA = `namespace Omnigraph {
  entity Group;
  entity Actor in [Group];
  entity Graph;
  entity Server;
  type BranchContext = {
    has_branch: Bool,
    branch: String,
    has_target_branch: Bool,
    target_branch: String,
    branch_is_protected: Bool,
    target_branch_is_protected: Bool,
  };
  action ${POLICY_ACTIONS.filter((a) => a !== 'graph_list')
    .map((a) => `"${a}"`)
    .join(', ')}
    appliesTo { principal: Actor, resource: Graph, context: BranchContext };
  action "graph_list" appliesTo { principal: Actor, resource: Server, context: BranchContext };
}
`;

/** A request's branch: none, the protected `main`, or the unprotected `feature`. */
const NAMES = [undefined, 'main', 'feature'] as const;

/** Whether a scope covers a branch name (undefined: the request names none). */
function covers(scope: string | undefined, name: string | undefined): boolean {
  if (scope === undefined || scope === 'any') return true;
  if (name === undefined) return false;
  return scope === 'protected' ? name === 'main' : name === 'feature';
}

/** Every (action, field, scope) a valid rule can have. */
function scopedRules(): { action: PolicyAction; field?: string; scope?: string; label: string }[] {
  return POLICY_ACTIONS.flatMap((action) => {
    const field = BRANCH_ACTIONS.has(action)
      ? 'branch_scope'
      : TARGET_BRANCH_ACTIONS.has(action)
        ? 'target_branch_scope'
        : undefined;
    const scoped =
      field === undefined
        ? []
        : ['any', 'protected', 'unprotected'].map((scope) => ({
            action,
            field,
            scope,
            label: `${field}: ${scope}`,
          }));
    return [{ action, label: 'no scope' }, ...scoped];
  });
}

describe('a compiled policy', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each(scopedRules())(
    'decides $action with $label for every branch and target',
    async ({ action, field, scope }) => {
      const rule: RuleSpec = {
        id: 'r',
        group: 'team',
        actions: [action],
        ...(field === undefined ? {} : { [field]: scope }),
      };
      const policy = await loadPolicy(bundleYaml(GROUPS, ['main'], [rule]), 'matrix');
      for (const branch of NAMES) {
        for (const targetBranch of NAMES) {
          const decision = policy.decide({
            actor: 'act-a',
            action,
            ...(branch === undefined ? {} : { branch }),
            ...(targetBranch === undefined ? {} : { targetBranch }),
          });
          const expected =
            field === 'branch_scope'
              ? covers(scope, branch)
              : field === 'target_branch_scope'
                ? covers(scope, targetBranch)
                : true;
          expect({ branch, targetBranch, allowed: decision.allowed }).toEqual({
            branch,
            targetBranch,
            allowed: expected,
          });
          expect(decision.matchedRule).toBe(expected ? 'r' : null);
          // Another actor is never allowed, nor another action.
          expect(policy.decide({ actor: 'act-z', action, branch: 'feature' }).allowed).toBe(false);
        }
      }
      for (const other of POLICY_ACTIONS.filter((a) => a !== action)) {
        expect(
          policy.decide({
            actor: 'act-a',
            action: other,
            branch: 'feature',
            targetBranch: 'feature',
          }).allowed,
        ).toBe(false);
      }
    },
  );

  it('decides the team bundle as the team expects', async () => {
    const policy = await loadPolicy(TEAM_BUNDLE, 'team');
    expect(policy.actorCount).toBe(3);
    const allowed = (actor: string, action: PolicyAction, branch?: string, targetBranch?: string) =>
      policy.decide({
        actor,
        action,
        ...(branch ? { branch } : {}),
        ...(targetBranch ? { targetBranch } : {}),
      }).allowed;
    expect(allowed('act-bruno', 'read', 'main')).toBe(true);
    expect(allowed('act-bruno', 'export', 'main')).toBe(false);
    expect(allowed('act-ragnor', 'export', 'main')).toBe(true);
    expect(allowed('act-bruno', 'change', 'main')).toBe(false);
    expect(allowed('act-bruno', 'change', 'feature')).toBe(true);
    expect(allowed('act-ragnor', 'branch_merge', 'feature', 'main')).toBe(true);
    expect(allowed('act-ragnor', 'branch_merge', 'main', 'feature')).toBe(false);
    expect(allowed('act-bruno', 'branch_merge', 'feature', 'main')).toBe(false);
    expect(allowed('act-ragnor', 'schema_apply', undefined, 'main')).toBe(false);
  });

  it('names the smallest satisfied rule', async () => {
    const rules: RuleSpec[] = [
      { id: 'b-read', group: 'team', actions: ['read'] },
      { id: 'a-read', group: 'team', actions: ['read', 'export'], branch_scope: 'protected' },
      { id: 'Z-read', group: 'other', actions: ['read'] },
    ];
    const policy = await loadPolicy(
      bundleYaml({ team: ['act-a'], other: ['act-b'] }, ['main'], rules),
      'm',
    );
    expect(policy.decide({ actor: 'act-a', action: 'read', branch: 'main' }).matchedRule).toBe(
      'a-read',
    );
    expect(policy.decide({ actor: 'act-a', action: 'read', branch: 'feature' }).matchedRule).toBe(
      'b-read',
    );
    expect(policy.decide({ actor: 'act-b', action: 'read' }).matchedRule).toBe('Z-read');
  });

  it('says why it denies', async () => {
    const policy = await loadPolicy(TEAM_BUNDLE, 'team');
    const message = (request: Parameters<typeof policy.decide>[0]) =>
      policy.decide(request).message;
    expect(message({ actor: 'act-bruno', action: 'change', branch: 'main' })).toBe(
      "policy denied action 'change' on branch 'main' for actor 'act-bruno'",
    );
    expect(
      message({ actor: 'act-bruno', action: 'branch_merge', branch: 'f', targetBranch: 'main' }),
    ).toBe(
      "policy denied action 'branch_merge' on branch 'f' targeting branch 'main' for actor 'act-bruno'",
    );
    expect(message({ actor: 'act-bruno', action: 'schema_apply', targetBranch: 'main' })).toBe(
      "policy denied action 'schema_apply' targeting branch 'main' for actor 'act-bruno'",
    );
    expect(message({ actor: 'act-bruno', action: 'invoke_query' })).toBe(
      "policy denied action 'invoke_query' for actor 'act-bruno'",
    );
    expect(message({ actor: 'act-zed', action: 'read', branch: 'main' })).toBe(
      "policy denied action 'read' for unknown actor 'act-zed'",
    );
    expect(message({ actor: 'act-bruno', action: 'read', branch: 'main' })).toBeNull();
  });

  it('fails closed without an actor', async () => {
    const policy = await loadPolicy(TEAM_BUNDLE, 'team');
    const decision = policy.decide({ actor: null, action: 'read', branch: 'main' });
    expect(decision).toMatchObject({
      allowed: false,
      matchedRule: null,
      message: "policy denied action 'read' on branch 'main' without an actor",
    });
    const error = denialError(decision);
    expect(isOmniError(error, 'forbidden')).toBe(true);
    expect(error.details).toEqual({
      actor: null,
      action: 'read',
      branch: 'main',
      target_branch: null,
    });
  });

  it('decides graph_list on the server, whatever graph it was compiled for', async () => {
    const rules: RuleSpec[] = [{ id: 'list', group: 'team', actions: ['graph_list'] }];
    const policy = await loadPolicy(bundleYaml(GROUPS, [], rules), 'server', {
      graphId: 'knowledge',
    });
    expect(policy.decide({ actor: 'act-a', action: 'graph_list' }).allowed).toBe(true);
  });

  it('grants graph actions on the graph it was compiled for', async () => {
    const yaml = bundleYaml(GROUPS, [], [{ id: 'r', group: 'team', actions: ['read'] }]);
    const bundle = parsePolicyBundle(yaml, 'g');
    const compiled = compileBundle(bundle, 'knowledge');
    const set = (await CedarPolicySet.preparer())(policySlice(compiled, 'read', ['team']));
    const request = (graph: string) => ({
      principal: { type: 'Omnigraph::Actor', id: 'act-a' },
      action: { type: 'Omnigraph::Action', id: 'read' },
      resource: { type: 'Omnigraph::Graph', id: graph },
      context: {
        has_branch: false,
        branch: '',
        has_target_branch: false,
        target_branch: '',
        branch_is_protected: false,
        target_branch_is_protected: false,
      },
      entities: compiled.actors.get('act-a')?.entities ?? [],
    });
    expect(set.evaluate(request('knowledge'))).toEqual({
      ok: true,
      allowed: true,
      satisfied: ['rule0.read'],
    });
    expect(set.evaluate(request('other'))).toEqual({ ok: true, allowed: false, satisfied: [] });
  });

  it('reports a policy that fails to evaluate as an error', async () => {
    const prepare = await CedarPolicySet.preparer();
    const broken = prepare({
      broken: {
        effect: 'permit',
        principal: { op: 'All' },
        action: { op: 'All' },
        resource: { op: 'All' },
        conditions: [
          { kind: 'when', body: { '.': { left: { Var: 'context' }, attr: 'missing' } } },
        ],
      },
    });
    const context = {
      has_branch: false,
      branch: '',
      has_target_branch: false,
      target_branch: '',
      branch_is_protected: false,
      target_branch_is_protected: false,
    };
    const request = {
      principal: { type: 'Omnigraph::Actor', id: 'a' },
      action: { type: 'Omnigraph::Action', id: 'read' },
      resource: { type: 'Omnigraph::Graph', id: 'default' },
      context,
      entities: [],
    };
    const outcome = broken.evaluate(request);
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? '' : outcome.error).toContain('broken: ');
  });

  it('denies as internal when evaluation fails, and does not remember it', async () => {
    const policy = await loadPolicy(TEAM_BUNDLE, 'team');
    const evaluate = vi
      .spyOn(CedarPolicySet.prototype, 'evaluate')
      .mockReturnValue({ ok: false, error: 'boom' });
    const request = { actor: 'act-bruno', action: 'read', branch: 'main' } as const;
    const decision = policy.decide(request);
    expect(decision).toMatchObject({
      allowed: false,
      message: 'policy: boom',
      evaluationError: 'boom',
    });
    expect(isOmniError(denialError(decision), 'internal')).toBe(true);
    policy.decide(request);
    expect(evaluate).toHaveBeenCalledTimes(2);
    evaluate.mockRestore();
    expect(policy.decide(request).allowed).toBe(true);
  });

  it('remembers decisions, up to its cache size', async () => {
    const cached = await loadPolicy(TEAM_BUNDLE, 'team');
    const request = { actor: 'act-bruno', action: 'change', branch: 'feature' } as const;
    expect(cached.decide(request)).toBe(cached.decide(request));
    const uncached = await loadPolicy(TEAM_BUNDLE, 'team', { decisionCacheSize: 0 });
    expect(uncached.decide(request)).not.toBe(uncached.decide(request));
    expect(uncached.decide(request)).toEqual(cached.decide(request));
    const tiny = await loadPolicy(TEAM_BUNDLE, 'team', { decisionCacheSize: 1 });
    const first = tiny.decide(request);
    tiny.decide({ ...request, branch: 'other' });
    expect(tiny.decide(request)).not.toBe(first);
  });

  it('compiles to policies that validate against the schema', () => {
    const rules: RuleSpec[] = scopedRules().map(({ action, field, scope }, i) => ({
      id: `r${i}`,
      group: 'team',
      actions: [action],
      ...(field === undefined ? {} : { [field]: scope }),
    }));
    const compiled = compileBundle(
      parsePolicyBundle(bundleYaml(GROUPS, ['main'], rules), 'all'),
      'g',
    );
    const staticPolicies = Object.assign(
      {},
      ...POLICY_ACTIONS.map((action) => policySlice(compiled, action, ['team'])),
    ) as Record<string, never>;
    expect(Object.keys(staticPolicies)).toHaveLength(rules.length);
    const answer = validate({ schema: SCHEMA, policies: { staticPolicies } });
    expect(answer).toMatchObject({ type: 'success', validationErrors: [], validationWarnings: [] });
  });
});

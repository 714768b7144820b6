import type { EntityJson, Expr, PolicyJson } from '@cedar-policy/cedar-wasm/nodejs';
import {
  ACTION_TYPE,
  ACTOR_TYPE,
  GRAPH_TYPE,
  GROUP_TYPE,
  SERVER_ID,
  SERVER_TYPE,
} from './cedar-schema.js';
import { byAction, isServerAction, type PolicyAction } from './policy-action.js';
import type { BranchScope, PolicyBundle, PolicyRule } from './policy-bundle.js';

/** What a request needs to know of its actor. */
export interface CompiledActor {
  /** The groups that name the actor, in bundle order. */
  readonly groups: readonly string[];
  /** The entities of a request by the actor: the actor itself, member of its groups. */
  readonly entities: readonly EntityJson[];
}

/** A bundle as Cedar policies and entities: built once, evaluated for every request. */
export interface CompiledBundle {
  /** The permits of each action, by the group they name, then by policy id. */
  readonly permits: Readonly<
    Record<PolicyAction, ReadonlyMap<string, Readonly<Record<string, PolicyJson>>>>
  >;
  /** Policy id → the id of the rule it came from. */
  readonly ruleOfPolicy: ReadonlyMap<string, string>;
  /** The actors the groups name. */
  readonly actors: ReadonlyMap<string, CompiledActor>;
}

/**
 * Compiles a validated bundle: one `permit` per (rule, action), with the principal in the
 * rule's group, the action itself, the resource `Omnigraph::Graph::"<graphId>"` (or
 * `Omnigraph::Server::"root"` for `graph_list`) and the rule's scope as a `when` condition.
 */
export function compileBundle(bundle: PolicyBundle, graphId: string): CompiledBundle {
  const permits = byAction(() => new Map<string, Record<string, PolicyJson>>());
  const ruleOfPolicy = new Map<string, string>();
  bundle.rules.forEach((rule, index) => {
    for (const action of rule.actions) {
      const id = `rule${index}.${action}`;
      const byGroup = permits[action];
      byGroup.set(rule.group, { ...byGroup.get(rule.group), [id]: permit(rule, action, graphId) });
      ruleOfPolicy.set(id, rule.id);
    }
  });
  return { permits, ruleOfPolicy, actors: compiledActors(bundle) };
}

/**
 * The slice of `action`'s permits an actor in `groups` can satisfy: those naming one of the
 * groups. Every other permit names a group the actor's entity is not a member of, so Cedar
 * would find it unsatisfied; leaving it out changes no decision, only the time it takes.
 */
export function policySlice(
  compiled: CompiledBundle,
  action: PolicyAction,
  groups: readonly string[],
): Record<string, PolicyJson> {
  const byGroup = compiled.permits[action];
  return Object.assign({}, ...groups.map((group) => byGroup.get(group) ?? {})) as Record<
    string,
    PolicyJson
  >;
}

function permit(rule: PolicyRule, action: PolicyAction, graphId: string): PolicyJson {
  const resource = isServerAction(action)
    ? { type: SERVER_TYPE, id: SERVER_ID }
    : { type: GRAPH_TYPE, id: graphId };
  const conditions = [
    scopeCondition(rule.branchScope, 'has_branch', 'branch_is_protected'),
    scopeCondition(rule.targetBranchScope, 'has_target_branch', 'target_branch_is_protected'),
  ].flatMap((body) => (body === undefined ? [] : [{ kind: 'when' as const, body }]));
  return {
    effect: 'permit',
    principal: { op: 'in', entity: { type: GROUP_TYPE, id: rule.group } },
    action: { op: '==', entity: { type: ACTION_TYPE, id: action } },
    resource: { op: '==', entity: resource },
    conditions,
  };
}

/**
 * The condition of a scope: `any` (or none) holds for every request; `protected` and
 * `unprotected` need the request to name the branch, and it to be (un)protected.
 */
function scopeCondition(
  scope: BranchScope | undefined,
  has: 'has_branch' | 'has_target_branch',
  isProtected: 'branch_is_protected' | 'target_branch_is_protected',
): Expr | undefined {
  if (scope === undefined || scope === 'any') return undefined;
  const flag = contextAttr(isProtected);
  return {
    '&&': { left: contextAttr(has), right: scope === 'protected' ? flag : { '!': { arg: flag } } },
  };
}

function contextAttr(attr: string): Expr {
  return { '.': { left: { Var: 'context' }, attr } };
}

function compiledActors(bundle: PolicyBundle): Map<string, CompiledActor> {
  const groupsOf = new Map<string, string[]>();
  for (const [group, actors] of bundle.groups) {
    for (const actor of new Set(actors)) {
      const groups = groupsOf.get(actor) ?? [];
      groups.push(group);
      groupsOf.set(actor, groups);
    }
  }
  return new Map(
    [...groupsOf].map(([actor, groups]) => {
      const parents = groups.map((id) => ({ type: GROUP_TYPE, id }));
      const entity = { uid: { type: ACTOR_TYPE, id: actor }, attrs: {}, parents };
      return [actor, { groups, entities: [entity] }];
    }),
  );
}

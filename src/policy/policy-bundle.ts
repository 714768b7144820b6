import { z } from 'zod';
import { OmniError } from '../util/omni-error.js';
import {
  BRANCH_ACTIONS,
  POLICY_ACTIONS,
  TARGET_BRANCH_ACTIONS,
  isServerAction,
  type PolicyAction,
} from './policy-action.js';
import { issueProblem, parseYaml, pathText } from './yaml-input.js';

/** Which branches a scoped rule covers; `protected` means listed in `protected_branches`. */
export const BRANCH_SCOPES = ['any', 'protected', 'unprotected'] as const;

/** One of {@link BRANCH_SCOPES}. */
export type BranchScope = (typeof BRANCH_SCOPES)[number];

/** One `allow` rule of a bundle, validated. */
export interface PolicyRule {
  readonly id: string;
  /** The group whose actors the rule allows. */
  readonly group: string;
  readonly actions: readonly PolicyAction[];
  readonly branchScope?: BranchScope;
  readonly targetBranchScope?: BranchScope;
}

/** A policy bundle, validated: what `loadPolicy` compiles to Cedar. */
export interface PolicyBundle {
  /** The bundle's name (its file's, or the one a cluster gives it), used in messages. */
  readonly name: string;
  /** What the bundle declared itself to be, if it did (older bundles carry `kind`). */
  readonly kind?: 'graph' | 'server';
  /** Group name → its actors, in file order. */
  readonly groups: ReadonlyMap<string, readonly string[]>;
  readonly protectedBranches: ReadonlySet<string>;
  readonly rules: readonly PolicyRule[];
}

const scope = z.enum(BRANCH_SCOPES);

const bundleShape = z.strictObject({
  version: z.literal(1),
  kind: z.enum(['graph', 'server']).optional(),
  groups: z.record(z.string(), z.array(z.string())),
  protected_branches: z.array(z.string()).optional(),
  rules: z.array(
    z.strictObject({
      id: z.string(),
      allow: z.strictObject({
        actors: z.strictObject({ group: z.string() }),
        actions: z.array(z.enum(POLICY_ACTIONS)).min(1),
        branch_scope: scope.optional(),
        target_branch_scope: scope.optional(),
      }),
    }),
  ),
});

type BundleInput = z.infer<typeof bundleShape>;
type RuleInput = BundleInput['rules'][number];

/**
 * Parses and validates the YAML text of a policy bundle. Every problem is reported at once, as
 * one `bad_request` (`invalid policy bundle '<name>': rule 'r1': allow.branch_scope …`) whose
 * details list them.
 */
export function parsePolicyBundle(text: string, name: string): PolicyBundle {
  const what = `invalid policy bundle '${name}'`;
  const raw = parseYaml(text, what);
  const parsed = bundleShape.safeParse(raw, { reportInput: true });
  const problems = parsed.success
    ? bundleProblems(parsed.data)
    : parsed.error.issues.map((issue) => `${locate(raw, issue.path)}: ${issueProblem(issue)}`);
  if (!parsed.success || problems.length > 0) {
    throw new OmniError('bad_request', `${what}: ${problems.join('; ')}`, {
      details: { bundle: name, problems },
    });
  }
  const input = parsed.data;
  return {
    name,
    ...(input.kind === undefined ? {} : { kind: input.kind }),
    groups: new Map(Object.entries(input.groups)),
    protectedBranches: new Set(input.protected_branches),
    rules: input.rules.map(ruleOf),
  };
}

function ruleOf(input: RuleInput): PolicyRule {
  const { actors, actions, branch_scope, target_branch_scope } = input.allow;
  return {
    id: input.id,
    group: actors.group,
    actions: [...new Set(actions)],
    ...(branch_scope === undefined ? {} : { branchScope: branch_scope }),
    ...(target_branch_scope === undefined ? {} : { targetBranchScope: target_branch_scope }),
  };
}

/** Where an issue is: `rule '<id>': <field>` inside a rule with a usable id, else the path. */
function locate(raw: unknown, path: readonly PropertyKey[]): string {
  const [top, index, ...rest] = path;
  if (top !== 'rules' || typeof index !== 'number')
    return path.length > 0 ? pathText(path) : '(top level)';
  const id = ruleIdAt(raw, index);
  if (id === undefined) return pathText(path);
  return rest.length > 0 ? `rule '${id}': ${pathText(rest)}` : `rule '${id}'`;
}

function ruleIdAt(raw: unknown, index: number): string | undefined {
  const rules = (raw as { rules?: unknown } | null)?.rules;
  const rule: unknown = Array.isArray(rules) ? rules[index] : undefined;
  const id = (rule as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'string' && id.trim() !== '' ? id : undefined;
}

/** The semantic problems of a well-shaped bundle, in file order. */
function bundleProblems(input: BundleInput): string[] {
  const problems: string[] = [];
  for (const [group, actors] of Object.entries(input.groups)) {
    if (group.trim() === '') problems.push(`groups: blank group name`);
    if (actors.length === 0) problems.push(`groups.${group}: group '${group}' has no actors`);
    actors.forEach((actor, i) => {
      if (actor.trim() === '') problems.push(`groups.${group}[${i}]: blank actor id`);
    });
  }
  (input.protected_branches ?? []).forEach((branch, i) => {
    if (branch.trim() === '') problems.push(`protected_branches[${i}]: blank branch name`);
  });
  const seen = new Set<string>();
  input.rules.forEach((rule, i) => {
    if (rule.id.trim() === '') {
      problems.push(`rules[${i}].id: blank rule id`);
    } else if (seen.has(rule.id)) {
      problems.push(`rules[${i}].id: duplicate rule id '${rule.id}'`);
    }
    seen.add(rule.id);
    const where = rule.id.trim() === '' ? `rules[${i}]` : `rule '${rule.id}'`;
    problems.push(...ruleProblems(rule, input).map((p) => `${where}: ${p}`));
  });
  return problems;
}

/** What is wrong with one rule (its id aside). */
function ruleProblems(rule: RuleInput, input: BundleInput): string[] {
  const { actors, actions, branch_scope, target_branch_scope } = rule.allow;
  const problems: string[] = [];
  if (!Object.hasOwn(input.groups, actors.group))
    problems.push(`allow.actors.group: group '${actors.group}' is not declared under groups`);
  problems.push(...actionMixProblems(actions, input.kind));
  if (branch_scope !== undefined && target_branch_scope !== undefined) {
    problems.push('allow: branch_scope and target_branch_scope cannot be combined in one rule');
  }
  if (branch_scope !== undefined) {
    const stray = actions.filter((a) => !BRANCH_ACTIONS.has(a));
    if (stray.length > 0)
      problems.push(
        `allow.branch_scope: applies only to read, export and change, not to ${quoted(stray)}`,
      );
  }
  if (target_branch_scope !== undefined) {
    const stray = actions.filter((a) => !TARGET_BRANCH_ACTIONS.has(a));
    if (stray.length > 0)
      problems.push(
        `allow.target_branch_scope: applies only to branch_create, schema_apply, branch_delete and branch_merge, not to ${quoted(stray)}`,
      );
  }
  return problems;
}

/** A rule grants either graph actions or the server action, and agrees with the bundle's kind. */
function actionMixProblems(actions: readonly PolicyAction[], kind: BundleInput['kind']): string[] {
  const server = actions.filter(isServerAction);
  const graph = actions.filter((a) => !isServerAction(a));
  if (server.length > 0 && graph.length > 0)
    return [
      `allow.actions: graph_list is a server action and cannot be mixed with ${quoted(graph)}`,
    ];
  if (kind === 'server' && graph.length > 0)
    return [`allow.actions: a server bundle grants only graph_list, not ${quoted(graph)}`];
  if (kind === 'graph' && server.length > 0)
    return ['allow.actions: a graph bundle cannot grant graph_list (a server action)'];
  return [];
}

function quoted(actions: readonly PolicyAction[]): string {
  return [...new Set(actions)].map((a) => `'${a}'`).join(', ');
}

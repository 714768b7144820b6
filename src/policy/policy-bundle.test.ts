import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { isOmniError } from '../util/omni-error.js';
import { parsePolicyBundle } from './policy-bundle.js';

/** A valid bundle, with `rules` and top-level fields replaced as a case needs. */
function bundle(overrides: Record<string, unknown> = {}): string {
  return stringify({
    version: 1,
    groups: { team: ['act-andrew', 'act-bruno'], admins: ['act-ragnor'] },
    protected_branches: ['main'],
    rules: [{ id: 'team-read', allow: { actors: { group: 'team' }, actions: ['read'] } }],
    ...overrides,
  });
}

function rule(allow: Record<string, unknown>, id = 'r1'): Record<string, unknown> {
  return { id, allow: { actors: { group: 'team' }, ...allow } };
}

/** The message of the error parsing `text` raises (fails the test if it parses). */
function problem(text: string): string {
  try {
    parsePolicyBundle(text, 'team');
  } catch (error) {
    expect(isOmniError(error, 'bad_request')).toBe(true);
    return (error as Error).message;
  }
  throw new Error('the bundle parsed');
}

describe('parsePolicyBundle', () => {
  it('reads a valid bundle', () => {
    const parsed = parsePolicyBundle(
      bundle({
        kind: 'graph',
        rules: [
          rule({ actions: ['read', 'export', 'read'], branch_scope: 'unprotected' }, 'a'),
          rule({ actions: ['branch_merge'], target_branch_scope: 'protected' }, 'b'),
        ],
      }),
      'team',
    );
    expect(parsed.name).toBe('team');
    expect(parsed.kind).toBe('graph');
    expect([...parsed.groups.keys()]).toEqual(['team', 'admins']);
    expect([...parsed.protectedBranches]).toEqual(['main']);
    expect(parsed.rules).toEqual([
      { id: 'a', group: 'team', actions: ['read', 'export'], branchScope: 'unprotected' },
      { id: 'b', group: 'team', actions: ['branch_merge'], targetBranchScope: 'protected' },
    ]);
  });

  it('accepts a bundle without protected branches or kind', () => {
    const parsed = parsePolicyBundle(bundle({ protected_branches: undefined }), 'team');
    expect(parsed.protectedBranches.size).toBe(0);
    expect(parsed.kind).toBeUndefined();
  });

  it('names the bundle and lists every problem at once', () => {
    const message = problem(bundle({ version: 2, rules: [rule({ actions: [] }, ' ')] }));
    expect(message).toBe(
      "invalid policy bundle 'team': version: must be 1 (got 2); rules[0].allow.actions: must not be empty",
    );
  });

  it.each([
    ['a missing version', { version: undefined }, 'version: is required'],
    ['version 2', { version: 2 }, 'version: must be 1 (got 2)'],
    ['version "1"', { version: '1' }, 'version: must be 1 (got "1")'],
    ['an unknown kind', { kind: 'cluster' }, 'kind: must be one of graph, server (got "cluster")'],
    ['an unknown top-level field', { name: 'x' }, "(top level): unknown field 'name'"],
    ['missing groups', { groups: undefined }, 'groups: is required'],
    ['missing rules', { rules: undefined }, 'rules: is required'],
    ['groups as a list', { groups: ['team'] }, 'groups: must be record (got ["team"])'],
    ['a blank group name', { groups: { ' ': ['a'] }, rules: [] }, 'groups: blank group name'],
    [
      'an empty group',
      { groups: { team: [] }, rules: [] },
      "groups.team: group 'team' has no actors",
    ],
    [
      'a blank actor id',
      { groups: { team: ['a', ' '] }, rules: [] },
      'groups.team[1]: blank actor id',
    ],
    [
      'a blank protected branch',
      { protected_branches: [''] },
      'protected_branches[0]: blank branch name',
    ],
  ])('rejects %s', (_, overrides, expected) => {
    expect(problem(bundle(overrides))).toContain(expected);
  });

  it.each([
    [
      'an unknown rule field',
      { id: 'r1', allow: rule({ actions: ['read'] }).allow, deny: {} },
      "rule 'r1': unknown field 'deny'",
    ],
    [
      'an unknown allow field',
      rule({ actions: ['read'], scope: 'any' }),
      "rule 'r1': allow: unknown field 'scope'",
    ],
    [
      'an unknown actors field',
      { id: 'r1', allow: { actors: { group: 'team', ids: [] }, actions: ['read'] } },
      "rule 'r1': allow.actors: unknown field 'ids'",
    ],
    ['a rule without id', { allow: rule({ actions: ['read'] }).allow }, 'rules[0].id: is required'],
    ['a blank rule id', rule({ actions: ['read'] }, '  '), 'rules[0].id: blank rule id'],
    ['a rule without actions', rule({}), "rule 'r1': allow.actions: is required"],
    ['empty actions', rule({ actions: [] }), "rule 'r1': allow.actions: must not be empty"],
    [
      'an unknown action',
      rule({ actions: ['read', 'reed'] }),
      'rule \'r1\': allow.actions[1]: must be one of read, export, change, schema_apply, branch_create, branch_delete, branch_merge, admin, invoke_query, graph_list (got "reed")',
    ],
    [
      'an unknown scope',
      rule({ actions: ['read'], branch_scope: 'all' }),
      'rule \'r1\': allow.branch_scope: must be one of any, protected, unprotected (got "all")',
    ],
    [
      'an undeclared group',
      { id: 'r1', allow: { actors: { group: 'writers' }, actions: ['read'] } },
      "rule 'r1': allow.actors.group: group 'writers' is not declared under groups",
    ],
    [
      'both scopes',
      rule({ actions: ['read'], branch_scope: 'any', target_branch_scope: 'any' }),
      "rule 'r1': allow: branch_scope and target_branch_scope cannot be combined in one rule",
    ],
    [
      'graph_list mixed with graph actions',
      rule({ actions: ['graph_list', 'read', 'export'] }),
      "rule 'r1': allow.actions: graph_list is a server action and cannot be mixed with 'read', 'export'",
    ],
  ])('rejects %s', (_, badRule, expected) => {
    expect(problem(bundle({ rules: [badRule] }))).toContain(expected);
  });

  it('rejects duplicate rule ids, naming the second', () => {
    const rules = [rule({ actions: ['read'] }, 'same'), rule({ actions: ['export'] }, 'same')];
    expect(problem(bundle({ rules }))).toContain("rules[1].id: duplicate rule id 'same'");
  });

  const notBranch = [
    'schema_apply',
    'branch_create',
    'branch_delete',
    'branch_merge',
    'admin',
    'invoke_query',
    'graph_list',
  ];
  it.each(notBranch)('rejects branch_scope on %s', (action) => {
    expect(
      problem(bundle({ rules: [rule({ actions: [action], branch_scope: 'any' })] })),
    ).toContain(
      `rule 'r1': allow.branch_scope: applies only to read, export and change, not to '${action}'`,
    );
  });

  const notTarget = ['read', 'export', 'change', 'admin', 'invoke_query', 'graph_list'];
  it.each(notTarget)('rejects target_branch_scope on %s', (action) => {
    const rules = [rule({ actions: [action], target_branch_scope: 'protected' })];
    expect(problem(bundle({ rules }))).toContain(
      `rule 'r1': allow.target_branch_scope: applies only to branch_create, schema_apply, branch_delete and branch_merge, not to '${action}'`,
    );
  });

  it('names only the actions a scope does not fit', () => {
    const rules = [rule({ actions: ['read', 'branch_merge', 'admin'], branch_scope: 'protected' })];
    expect(problem(bundle({ rules }))).toContain("not to 'branch_merge', 'admin'");
  });

  it('checks a declared kind against the actions', () => {
    const server = bundle({ kind: 'server', rules: [rule({ actions: ['read'] })] });
    expect(problem(server)).toContain(
      "rule 'r1': allow.actions: a server bundle grants only graph_list, not 'read'",
    );
    const graph = bundle({ kind: 'graph', rules: [rule({ actions: ['graph_list'] })] });
    expect(problem(graph)).toContain(
      "rule 'r1': allow.actions: a graph bundle cannot grant graph_list (a server action)",
    );
    const ok = parsePolicyBundle(
      bundle({ kind: 'server', rules: [rule({ actions: ['graph_list'] })] }),
      's',
    );
    expect(ok.kind).toBe('server');
  });

  it('rejects YAML that is not one well-formed document without duplicate keys', () => {
    expect(problem('version: 1\nversion: 1\ngroups: {}\nrules: []\n')).toBe(
      "invalid policy bundle 'team': line 2, column 1: Map keys must be unique",
    );
    expect(problem('version: 1\n---\nversion: 1\n')).toContain('line 2, column 1:');
    expect(problem('rules: [\n')).toContain("invalid policy bundle 'team': line");
    expect(problem('- 1\n')).toBe(
      "invalid policy bundle 'team': (top level): must be object (got [1])",
    );
    expect(problem('')).toBe(
      "invalid policy bundle 'team': (top level): must be object (got null)",
    );
  });
});

import { stringify } from 'yaml';

/** The team bundle the policy tests share: a team that reads, admins that export and merge. */
export const TEAM_BUNDLE = `version: 1
groups:
  team: [act-andrew, act-bruno, act-ragnor]
  admins: [act-ragnor]
protected_branches: [main]
rules:
  - id: team-read
    allow:
      actors: { group: team }
      actions: [read]
      branch_scope: any
  - id: admins-export
    allow:
      actors: { group: admins }
      actions: [export]
      branch_scope: any
  - id: team-write-unprotected
    allow:
      actors: { group: team }
      actions: [change]
      branch_scope: unprotected
  - id: admins-merge
    allow:
      actors: { group: admins }
      actions: [branch_delete, branch_merge]
      target_branch_scope: protected
`;

/** A rule as written in a bundle. */
export interface RuleSpec {
  readonly id: string;
  readonly group: string;
  readonly actions: readonly string[];
  readonly branch_scope?: string;
  readonly target_branch_scope?: string;
}

/** The YAML of a bundle with these groups, protected branches and rules. */
export function bundleYaml(
  groups: Readonly<Record<string, readonly string[]>>,
  protectedBranches: readonly string[],
  rules: readonly RuleSpec[],
): string {
  return stringify({
    version: 1,
    groups,
    protected_branches: protectedBranches,
    rules: rules.map(({ id, group, ...allow }) => ({ id, allow: { actors: { group }, ...allow } })),
  });
}

import { z } from 'zod';
import { OmniError } from '../util/omni-error.js';
import { POLICY_ACTIONS, type PolicyAction } from './policy-action.js';
import type { Policy } from './policy.js';
import { denialError } from './policy-decision.js';
import { issueProblem, parseYaml, pathText } from './yaml-input.js';

/** The outcome a test case expects. */
export type Expectation = 'allow' | 'deny';

/** One case of a policy test file: a request and the outcome it expects. */
export interface PolicyTestCase {
  readonly id: string;
  readonly actor: string;
  readonly action: PolicyAction;
  readonly branch?: string;
  readonly targetBranch?: string;
  readonly expect: Expectation;
}

/** A case whose decision was not the expected one. */
export interface PolicyTestFailure {
  readonly id: string;
  readonly expected: Expectation;
  readonly actual: Expectation;
}

const testsShape = z.strictObject({
  version: z.literal(1),
  cases: z.array(
    z.strictObject({
      id: z.string(),
      actor: z.string(),
      action: z.enum(POLICY_ACTIONS),
      branch: z.string().optional(),
      target_branch: z.string().optional(),
      expect: z.enum(['allow', 'deny']),
    }),
  ),
});

/**
 * Parses and validates a policy test file (`version: 1`, `cases: [{id, actor, action, branch?,
 * target_branch?, expect}]`); case ids are non-blank and unique, actors non-blank.
 */
export function parsePolicyTests(text: string, name: string): PolicyTestCase[] {
  const what = `invalid policy tests '${name}'`;
  const parsed = testsShape.safeParse(parseYaml(text, what), { reportInput: true });
  const problems = parsed.success
    ? caseProblems(parsed.data.cases)
    : parsed.error.issues.map(
        (issue) => `${pathText(issue.path) || '(top level)'}: ${issueProblem(issue)}`,
      );
  if (!parsed.success || problems.length > 0) {
    throw new OmniError('bad_request', `${what}: ${problems.join('; ')}`, {
      details: { tests: name, problems },
    });
  }
  return parsed.data.cases.map((c) => ({
    id: c.id,
    actor: c.actor,
    action: c.action,
    ...(c.branch === undefined ? {} : { branch: c.branch }),
    ...(c.target_branch === undefined ? {} : { targetBranch: c.target_branch }),
    expect: c.expect,
  }));
}

function caseProblems(cases: readonly { readonly id: string; readonly actor: string }[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  cases.forEach(({ id, actor }, i) => {
    if (id.trim() === '') problems.push(`cases[${i}].id: blank case id`);
    else if (seen.has(id)) problems.push(`cases[${i}].id: duplicate case id '${id}'`);
    seen.add(id);
    if (actor.trim() === '') problems.push(`cases[${i}].actor: blank actor id`);
  });
  return problems;
}

/**
 * Decides every case with `policy` and returns those whose outcome differs from the expected
 * one, in file order. A case Cedar cannot evaluate throws its `internal` error.
 */
export function runPolicyTests(
  policy: Policy,
  cases: readonly PolicyTestCase[],
): PolicyTestFailure[] {
  return cases.flatMap((c) => {
    const decision = policy.decide(c);
    if (decision.evaluationError !== null) throw denialError(decision);
    const actual: Expectation = decision.allowed ? 'allow' : 'deny';
    return actual === c.expect ? [] : [{ id: c.id, expected: c.expect, actual }];
  });
}

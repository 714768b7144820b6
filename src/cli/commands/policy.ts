import { Option, type Command } from 'commander';
import {
  POLICY_ACTIONS,
  denialError,
  parsePolicyTests,
  runPolicyTests,
  type PolicyAction,
  type PolicyDecision,
  type PolicyTestFailure,
} from '../../policy/index.js';
import type { CliContext } from '../cli-context.js';
import { ExitCode } from '../exit-code.js';
import { printJson, printLines } from '../output.js';
import { bundleNameOf, loadPolicyFile } from '../policy-file.js';
import { readTextFile } from '../read-text-file.js';

interface FileFlags {
  readonly file: string;
  readonly json?: boolean;
}

interface ExplainFlags extends FileFlags {
  readonly actor: string;
  readonly action: PolicyAction;
  readonly branch?: string;
  readonly targetBranch?: string;
}

/**
 * `omnigraph policy validate|test|explain --file <bundle.yaml>`: checks a policy bundle, runs
 * its test cases, and explains one decision. Nothing here opens a graph.
 */
export function registerPolicy(program: Command, ctx: CliContext): void {
  const policy = program
    .command('policy')
    .description('validate, test and explain Cedar policy bundles');
  const bundleOption = (): Option =>
    new Option('--file <bundle.yaml>', 'the policy bundle').makeOptionMandatory();

  policy
    .command('validate')
    .description('check a bundle and compile it to Cedar')
    .addOption(bundleOption())
    .option('--json', 'print the result as JSON')
    .action(async (flags: FileFlags) => {
      const compiled = await loadPolicyFile(ctx.io, flags.file);
      const { name, rules } = compiled.bundle;
      const actors = compiled.actorCount;
      if (flags.json === true) printJson(ctx.io, { bundle: name, actors, rules: rules.length });
      else printLines(ctx.io, [`policy valid: bundle '${name}' [${actors} actors]`]);
    });

  policy
    .command('test')
    .description('decide every case of a test file and compare with its expectation')
    .addOption(bundleOption())
    .requiredOption('--tests <file>', 'the test cases (YAML)')
    .option('--json', 'print the result as JSON')
    .action(async (flags: FileFlags & { tests: string }) => {
      const compiled = await loadPolicyFile(ctx.io, flags.file);
      const text = await readTextFile(ctx.io, flags.tests, 'policy tests');
      const cases = parsePolicyTests(text, bundleNameOf(flags.tests));
      const failures = runPolicyTests(compiled, cases);
      if (failures.length > 0) ctx.exitCode = ExitCode.error;
      if (flags.json === true) {
        printJson(ctx.io, { bundle: compiled.bundle.name, cases: cases.length, failures });
      } else if (failures.length > 0) {
        printLines(ctx.io, ['policy tests failed:', ...failures.map(failureLine)]);
      } else {
        printLines(ctx.io, [`policy tests passed: ${cases.length} cases`]);
      }
    });

  policy
    .command('explain')
    .description('show how a bundle decides one request, and the rule that allows it')
    .addOption(bundleOption())
    .requiredOption('--actor <actor>', 'who acts')
    .addOption(
      new Option('--action <action>', 'what they do').choices(POLICY_ACTIONS).makeOptionMandatory(),
    )
    .option('--branch <branch>', 'the branch acted on')
    .option('--target-branch <branch>', 'the branch created, deleted, merged into or migrated')
    .option('--json', 'print the decision as JSON')
    .action(async (flags: ExplainFlags) => {
      const compiled = await loadPolicyFile(ctx.io, flags.file);
      const decision = compiled.decide({
        actor: flags.actor,
        action: flags.action,
        ...(flags.branch === undefined ? {} : { branch: flags.branch }),
        ...(flags.targetBranch === undefined ? {} : { targetBranch: flags.targetBranch }),
      });
      if (decision.evaluationError !== null) throw denialError(decision);
      if (flags.json === true) printJson(ctx.io, decisionJson(decision));
      else printLines(ctx.io, explainLines(decision));
    });
}

/** `<id>: expected Allow but got deny`. */
function failureLine(failure: PolicyTestFailure): string {
  const expected = failure.expected === 'allow' ? 'Allow' : 'Deny';
  return `${failure.id}: expected ${expected} but got ${failure.actual}`;
}

function explainLines(decision: PolicyDecision): string[] {
  return [
    `actor: ${decision.actor ?? '-'}`,
    `action: ${decision.action}`,
    `branch: ${decision.branch ?? '-'}`,
    `target_branch: ${decision.targetBranch ?? '-'}`,
    `decision: ${decision.allowed ? 'allow' : 'deny'}`,
    `matched_rule: ${decision.matchedRule ?? '-'}`,
    `message: ${decision.message ?? '-'}`,
  ];
}

function decisionJson(decision: PolicyDecision): Record<string, unknown> {
  return {
    actor: decision.actor,
    action: decision.action,
    branch: decision.branch,
    target_branch: decision.targetBranch,
    allowed: decision.allowed,
    matched_rule: decision.matchedRule,
    message: decision.message,
  };
}

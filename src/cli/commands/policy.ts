import { Option, type Command } from 'commander';
import {
  POLICY_ACTIONS,
  denialError,
  parsePolicyTests,
  runPolicyTests,
  type PolicyAction,
  type PolicyDecision,
  type PolicyTestFailure,
  type Policy,
} from '../../policy/index.js';
import { OmniError } from '../../util/omni-error.js';
import type { CliContext } from '../cli-context.js';
import { clusterGraphFlags } from '../cluster/cluster-graph-target.js';
import { openClusterScope, selectGraph } from '../cluster/cluster-scope.js';
import { storedPolicy } from '../cluster/stored-catalog.js';
import { ExitCode } from '../exit-code.js';
import { printJson, printLines } from '../output.js';
import { bundleNameOf, loadPolicyFile } from '../policy-file.js';
import { readTextFile } from '../read-text-file.js';

interface FileFlags {
  readonly file?: string;
  readonly cluster?: string;
  readonly graph?: string;
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
 * its test cases, and explains one decision. Nothing here opens a graph. With
 * `--cluster <dir|uri> [--graph <id>]` instead of `--file`, the bundle is the one the cluster
 * applied to that graph (or, without `--graph`, its `cluster`-bound bundle).
 */
export function registerPolicy(program: Command, ctx: CliContext): void {
  const policy = program
    .command('policy')
    .description('validate, test and explain Cedar policy bundles');
  const withBundle = (command: Command): Command =>
    command
      .option('--file <bundle.yaml>', 'the policy bundle')
      .option('--cluster <dir|uri>', "use a cluster's applied bundle (its config dir or root)");

  withBundle(policy.command('validate').description('check a bundle and compile it to Cedar'))
    .option('--json', 'print the result as JSON')
    .action(async (flags: FileFlags, command: Command) => {
      const compiled = await bundleOf(ctx, clusterGraphFlags(command, flags));
      const { name, rules } = compiled.bundle;
      const actors = compiled.actorCount;
      if (flags.json === true) printJson(ctx.io, { bundle: name, actors, rules: rules.length });
      else printLines(ctx.io, [`policy valid: bundle '${name}' [${actors} actors]`]);
    });

  withBundle(
    policy
      .command('test')
      .description('decide every case of a test file and compare with its expectation'),
  )
    .requiredOption('--tests <file>', 'the test cases (YAML)')
    .option('--json', 'print the result as JSON')
    .action(async (flags: FileFlags & { tests: string }, command: Command) => {
      const compiled = await bundleOf(ctx, clusterGraphFlags(command, flags));
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

  withBundle(
    policy
      .command('explain')
      .description('show how a bundle decides one request, and the rule that allows it'),
  )
    .requiredOption('--actor <actor>', 'who acts')
    .addOption(
      new Option('--action <action>', 'what they do').choices(POLICY_ACTIONS).makeOptionMandatory(),
    )
    .option('--branch <branch>', 'the branch acted on')
    .option('--target-branch <branch>', 'the branch created, deleted, merged into or migrated')
    .option('--json', 'print the decision as JSON')
    .action(async (flags: ExplainFlags, command: Command) => {
      const compiled = await bundleOf(ctx, clusterGraphFlags(command, flags));
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

/** The bundle `--file` names, or the one `--cluster` (and `--graph`) selects; exactly one. */
async function bundleOf(ctx: CliContext, flags: FileFlags): Promise<Policy> {
  if (flags.file !== undefined && flags.cluster === undefined && flags.graph === undefined) {
    return loadPolicyFile(ctx.io, flags.file);
  }
  if (flags.file === undefined && flags.cluster !== undefined) {
    const scope = await openClusterScope(ctx.io, flags.cluster);
    const graph = flags.graph === undefined ? undefined : selectGraph(scope, flags.graph);
    return storedPolicy(scope, graph);
  }
  throw new OmniError(
    'usage',
    flags.file === undefined && flags.cluster === undefined
      ? 'pass the bundle: --file <bundle.yaml>, or --cluster <dir> [--graph <id>]'
      : flags.cluster === undefined
        ? '--graph picks a bundle of a cluster: pass --cluster <dir> with it'
        : 'pass --file <bundle.yaml> or --cluster <dir>, not both',
  );
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

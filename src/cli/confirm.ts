import type { Command } from 'commander';
import { OmniError } from '../util/omni-error.js';
import type { CliContext } from './cli-context.js';
import { globalsOf, isLocalTarget } from './graph-target.js';

/**
 * Guards a destructive write against a non-local target (a served graph or one in a bucket: an
 * overwrite load, a branch delete):
 * `--yes` proceeds, a terminal is asked, anything else is refused.
 */
export async function confirmDestructive(
  ctx: CliContext,
  command: Command,
  label: string,
  uri: string,
  json: boolean,
): Promise<void> {
  if (isLocalTarget(uri, ctx.io.cwd) || globalsOf(command).yes === true) return;
  if (ctx.io.isTty && !json) {
    const answer = await ctx.io.ask(
      `About to run a destructive \`${label}\` against ${uri} (not local). Type 'yes' to continue: `,
    );
    if (/^(y|yes)$/i.test(answer.trim())) return;
  }
  throw new OmniError(
    'usage',
    `refusing destructive \`${label}\` against non-local target ${uri} without confirmation; pass --yes to proceed`,
  );
}

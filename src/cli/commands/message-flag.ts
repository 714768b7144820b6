import { commitMessageOf } from '../../api/commit-message.js';

/** The flags of `-m, --message <text>`, on every verb that publishes a commit. */
export const MESSAGE_FLAGS = '-m, --message <text>';

/** The help of {@link MESSAGE_FLAGS}. */
export const MESSAGE_HELP = 'a message recorded on the commit (at most 4,096 characters)';

/**
 * The write option of `--message`, checked before anything runs: `{}` when none (or empty), and
 * a `usage` error naming the flag when it is not well-formed Unicode or longer than 4,096
 * characters, so nothing is written.
 */
export function messageOption(flags: { readonly message?: string }): { message?: string } {
  const message = commitMessageOf(flags.message, '--message', 'usage');
  return message === undefined ? {} : { message };
}

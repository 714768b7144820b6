/**
 * Named crash points inside writers. `OMNIGRAPH_FAILPOINTS=name[,name…]` makes the process
 * exit at once when it reaches one of them, without cleanup, as a crash would. Tests run a
 * writer in a child process with a failpoint set and then prove recovery.
 *
 * Every writer `<w>` has `<w>.after_table_effect`, `<w>.before_publish` and
 * `<w>.after_publish`; the names are listed in docs/reference/failpoints.md.
 */
export const FAILPOINT_EXIT_CODE = 86;

/** Exits the process if `name` is armed in `OMNIGRAPH_FAILPOINTS`. */
export function failpoint(name: string): void {
  const armed = process.env.OMNIGRAPH_FAILPOINTS;
  if (!armed) return;
  if (armed.split(',').some((entry) => entry.trim() === name)) {
    process.stderr.write(`failpoint ${name} reached; exiting\n`);
    process.exit(FAILPOINT_EXIT_CODE);
  }
}

import type { CliIo } from '../../src/cli/cli-io.js';

/** A CliIo that records what a command writes. */
export interface CapturedIo extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
}

/**
 * Captures stdout and stderr of in-process CLI runs; `answers` reply to prompts in order;
 * settings come from `env` (this process's environment by default).
 */
export function captureIo(
  cwd: string = process.cwd(),
  answers: readonly string[] = [],
  env: Readonly<Record<string, string | undefined>> = process.env,
): CapturedIo {
  const replies = [...answers];
  let out = '';
  let err = '';
  return {
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
    isTty: answers.length > 0,
    cwd,
    env,
    ask: (question) => {
      err += question;
      return Promise.resolve(replies.shift() ?? '');
    },
    out: () => out,
    err: () => err,
  };
}

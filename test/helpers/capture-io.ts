import type { CliIo } from '../../src/cli/cli-io.js';

/** A CliIo that records what a command writes. */
export interface CapturedIo extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
}

/** Captures stdout and stderr of in-process CLI runs. */
export function captureIo(cwd: string = process.cwd()): CapturedIo {
  let out = '';
  let err = '';
  return {
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
    isTty: false,
    cwd,
    out: () => out,
    err: () => err,
  };
}

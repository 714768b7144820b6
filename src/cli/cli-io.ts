import { createInterface } from 'node:readline/promises';
import type { Env } from '../api/index.js';

/** Where a command writes: stdout for results, stderr for diagnostics. Swappable in tests. */
export interface CliIo {
  /** Writes results; throws {@link OutputClosed} once the output can no longer be written. */
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** True when stdout is a terminal (progress bars, colors). */
  readonly isTty: boolean;
  /** Working directory relative paths resolve against. */
  readonly cwd: string;
  /** The environment settings are read from (`OMNIGRAPH_*`, `AWS_*`). */
  readonly env: Env;
  /** Asks a question on the terminal and resolves with the answer (only called when `isTty`). */
  readonly ask: (question: string) => Promise<string>;
}

/**
 * Thrown by a write to stdout after stdout failed: most often its reader went away
 * (`omnigraph export | head -1` closes the pipe, `EPIPE`). It stops the command; the CLI then
 * ends quietly when the pipe was closed and reports any other failure in one line.
 */
export class OutputClosed extends Error {
  /** The stream's error, with its `code` (`EPIPE`, `ENOSPC`, …). */
  readonly failure: Error;

  constructor(failure: Error) {
    super(`cannot write the output: ${failure.message}`);
    this.name = 'OutputClosed';
    this.failure = failure;
  }
}

/**
 * A writer to a process stream that never lets the stream's errors escape as uncaught
 * exceptions: once the stream failed, `onFailed` decides what a further write does.
 */
function streamWriter(
  stream: NodeJS.WriteStream,
  onFailed: (failure: Error) => void,
): (text: string) => void {
  let failure: Error | undefined;
  stream.on('error', (error) => {
    failure ??= error;
  });
  return (text) => {
    if (failure === undefined) stream.write(text);
    else onFailed(failure);
  };
}

/** The process's own streams. */
export function processIo(): CliIo {
  return {
    stdout: streamWriter(process.stdout, (failure) => {
      throw new OutputClosed(failure);
    }),
    // Diagnostics that cannot be written have nowhere else to go.
    stderr: streamWriter(process.stderr, () => undefined),
    isTty: process.stdout.isTTY,
    cwd: process.cwd(),
    env: process.env,
    ask: async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
  };
}

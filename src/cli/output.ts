import { jsonText } from '../api/json-text.js';
import type { CliIo } from './cli-io.js';

/**
 * Prints a value as pretty JSON on stdout (the `--json` output of every command); a `bigint`
 * (an I64 or U64 value) is written at full width.
 */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${jsonText(value, 2)}\n`);
}

/** Prints lines on stdout. */
export function printLines(io: CliIo, lines: readonly string[]): void {
  if (lines.length > 0) io.stdout(`${lines.join('\n')}\n`);
}

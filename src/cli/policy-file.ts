import path from 'node:path';
import { loadPolicy, type Policy } from '../policy/index.js';
import type { CliIo } from './cli-io.js';
import { readTextFile } from './read-text-file.js';

/** The name of the bundle in a file: the file's name without `.yaml`/`.yml` (`team.yaml` → `team`). */
export function bundleNameOf(file: string): string {
  return path.basename(file).replace(/\.ya?ml$/i, '');
}

/** Reads, validates and compiles the policy bundle in `file` (named on the command line). */
export async function loadPolicyFile(io: CliIo, file: string): Promise<Policy> {
  return loadPolicy(await readTextFile(io, file, 'policy'), bundleNameOf(file));
}

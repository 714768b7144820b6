import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Writes `files` (relative path → text) under `dir`, creating folders as needed. */
export async function writeConfigFiles(
  dir: string,
  files: Readonly<Record<string, string>>,
): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
}

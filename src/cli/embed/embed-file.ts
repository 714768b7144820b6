import path from 'node:path';

/** A file `embed` reads or writes: where it is, and how the user named it (for messages). */
export interface EmbedFile {
  /** Absolute. */
  readonly path: string;
  /** As given on the command line, or the manifest's directory joined with its entry. */
  readonly given: string;
}

/** A file named on the command line, relative to the working directory. */
export function fileFromFlag(cwd: string, given: string): EmbedFile {
  return { path: path.resolve(cwd, given), given };
}

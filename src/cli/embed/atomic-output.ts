import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { errnoOf, errnoReason } from '../../util/errno-reason.js';
import { OmniError } from '../../util/omni-error.js';
import type { EmbedFile } from './embed-file.js';

function writeError(file: EmbedFile, error: unknown): OmniError {
  const reason = errnoOf(error) === 'ENOENT' ? 'its directory does not exist' : errnoReason(error);
  return new OmniError('bad_request', `cannot write output file '${file.given}': ${reason}`, {
    details: { file: file.given },
    cause: error,
  });
}

/**
 * An output file written whole or not at all: text goes to a temporary file beside it, which
 * `commit` renames over the target (a reader sees the old file or the new one, never half of
 * one) and `abort` removes. The target may be the input itself: it is replaced only at the end.
 */
export class AtomicOutput {
  readonly #file: EmbedFile;
  readonly #temp: string;
  readonly #handle: FileHandle;

  private constructor(file: EmbedFile, temp: string, handle: FileHandle) {
    this.#file = file;
    this.#temp = temp;
    this.#handle = handle;
  }

  /** Starts the temporary file; a target that is a directory or in none is refused first. */
  static async create(file: EmbedFile): Promise<AtomicOutput> {
    const existing = await stat(file.path).catch(() => undefined);
    if (existing?.isDirectory() === true) throw writeError(file, { code: 'EISDIR' });
    const temp = path.join(
      path.dirname(file.path),
      `.${path.basename(file.path)}.${randomBytes(6).toString('hex')}.tmp`,
    );
    try {
      return new AtomicOutput(file, temp, await open(temp, 'wx'));
    } catch (error) {
      throw writeError(file, error);
    }
  }

  async write(text: string): Promise<void> {
    try {
      await this.#handle.writeFile(text);
    } catch (error) {
      throw writeError(this.#file, error);
    }
  }

  /** Flushes the file to disk and puts it in place of the target. */
  async commit(): Promise<void> {
    try {
      await this.#handle.sync();
      await this.#handle.close();
      await rename(this.#temp, this.#file.path);
    } catch (error) {
      await this.abort();
      throw writeError(this.#file, error);
    }
  }

  /** Drops the temporary file; the target is untouched. */
  async abort(): Promise<void> {
    await this.#handle.close().catch(() => undefined);
    await rm(this.#temp, { force: true });
  }
}

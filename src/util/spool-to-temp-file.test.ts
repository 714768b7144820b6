import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spoolToTempFile } from './spool-to-temp-file.js';

async function* chunks(...parts: readonly (string | Error)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) {
    if (part instanceof Error) throw part;
    yield Buffer.from(part);
  }
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

describe('spoolToTempFile', () => {
  it('copies a stream to a file that can be read again, removed with its directory', async () => {
    const spooled = await spoolToTempFile(chunks('a\n', 'b', '\nc'), 'data.jsonl');
    expect(path.basename(spooled.path)).toBe('data.jsonl');
    expect(await readFile(spooled.path, 'utf8')).toBe('a\nb\nc');
    expect(await readFile(spooled.path, 'utf8')).toBe('a\nb\nc');
    await spooled.remove();
    expect(await exists(path.dirname(spooled.path))).toBe(false);
  });

  it('rethrows a failing stream and leaves nothing behind', async () => {
    // os.tmpdir() follows TMPDIR, so the copy's directory lands where it can be watched.
    const watched = await mkdtemp(path.join(tmpdir(), 'spool-test-'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = watched;
    try {
      const failure = new Error('stream broke');
      await expect(spoolToTempFile(chunks('partial', failure), 'x')).rejects.toBe(failure);
      expect(await readdir(watched)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      await rm(watched, { recursive: true, force: true });
    }
  });
});

import { describe, expect, it } from 'vitest';
import { fileReadError } from './file-read-error.js';

const errno = (code: string) =>
  Object.assign(new Error(`${code}: something, open '/abs/secret/path'`), { code });

describe('fileReadError', () => {
  it('names the file as given and the reason in plain words, never the system message', () => {
    const cases: readonly [string, string, string][] = [
      ['ENOENT', 'not_found', 'no such file'],
      ['ENOTDIR', 'not_found', 'no such file'],
      ['EISDIR', 'bad_request', 'it is a directory, not a file'],
      ['EACCES', 'bad_request', 'permission denied'],
      ['EIO', 'bad_request', 'error EIO'],
    ];
    for (const [code, omniCode, reason] of cases) {
      const error = fileReadError('schema', 'in/s.pg', errno(code));
      expect(error.code, code).toBe(omniCode);
      expect(error.message).toBe(`cannot read schema file 'in/s.pg': ${reason}`);
      expect(error.message).not.toContain('/abs/secret');
      expect(error.details).toEqual({ file: 'in/s.pg' });
    }
    expect(fileReadError('data', 'd', new Error('odd')).message).toBe(
      "cannot read data file 'd': unknown error",
    );
  });
});

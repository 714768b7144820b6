import { describe, expect, it } from 'vitest';
import {
  configPathProblem,
  listQueryFiles,
  readConfigFile,
} from '../../../src/cluster/config-files.js';
import { writeClusterDir } from './cluster-dir.js';

describe('configPathProblem', () => {
  it.each(['people.pg', 'schemas/people.pg', './queries/', 'a/../b.pg', 'queries'])(
    'accepts %j',
    (relative) => {
      expect(configPathProblem(relative)).toBeUndefined();
    },
  );

  it.each([
    ['', 'a path may not be empty'],
    ['/etc/passwd', "path '/etc/passwd' is absolute"],
    ['C:\\x.pg', "path 'C:\\x.pg' is absolute"],
    ['..', "path '..' leaves the config directory"],
    ['../x.pg', "path '../x.pg' leaves the config directory"],
    ['a/../../x.pg', "path 'a/../../x.pg' leaves the config directory"],
    ['..\\x.pg', "path '..\\x.pg' leaves the config directory"],
    ['a\0b', 'contains a NUL byte'],
  ])('refuses %j', (relative, problem) => {
    expect(configPathProblem(relative)).toContain(problem);
  });
});

describe('reading a config directory', () => {
  it('returns the bytes and text of a file', async () => {
    const dir = await writeClusterDir({ 'a.pg': 'node A { n: String @key }\n' });
    const read = await readConfigFile(dir, 'a.pg', 'schema');
    expect(read).toEqual({
      ok: true,
      file: {
        path: 'a.pg',
        bytes: new TextEncoder().encode('node A { n: String @key }\n'),
        text: 'node A { n: String @key }\n',
      },
    });
  });

  it('refuses to read outside the directory before touching the disk', async () => {
    const dir = await writeClusterDir({ 'a.pg': '' });
    expect(await readConfigFile(dir, '../a.pg', 'schema')).toEqual({
      ok: false,
      failure: { kind: 'unsafe_path', message: "path '../a.pg' leaves the config directory" },
    });
    expect(await listQueryFiles(dir, '/tmp')).toMatchObject({
      ok: false,
      failure: { kind: 'unsafe_path' },
    });
  });

  it('lists the top-level .gq files of a query directory, sorted', async () => {
    const dir = await writeClusterDir({
      'queries/b.gq': '',
      'queries/a.gq': '',
      'queries/notes.md': '',
      'queries/nested/c.gq': '',
      'queries/dir.gq/d.gq': '',
    });
    expect(await listQueryFiles(dir, 'queries')).toEqual({
      ok: true,
      files: ['queries/a.gq', 'queries/b.gq'],
    });
  });
});

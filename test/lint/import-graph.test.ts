import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportGraph, importSpecifiers, readSourceTree } from '../../eslint-rules/import-graph.js';

describe('importSpecifiers', () => {
  it('lists type-only, re-exported and dynamic imports, not comments or strings', () => {
    const text = [
      "import type { A } from './a.js';",
      "export type { B } from './b.js';",
      "export * from './c.js';",
      "const d = await import('./d.js');",
      "type E = typeof import('./e.js');",
      "// import { f } from './f.js';",
      "const g = `import { g } from './g.js'`;",
    ].join('\n');
    expect(importSpecifiers(text)).toEqual(['./a.js', './b.js', './c.js', './d.js', './e.js']);
  });
});

describe('ImportGraph', () => {
  // Two cycles, a ⇄ b and c → d → e → c, joined by the one-way import a → c.
  const graph = new ImportGraph(
    new Map([
      ['a.ts', ['./b.js', './c.js']],
      ['b.ts', ['./a.js']],
      ['c.ts', ['./d.js']],
      ['d.ts', ['./e.js', 'zod']],
      ['e.ts', ['./c.js']],
    ]),
  );

  it('finds each cycle through the import that closes it', () => {
    expect(graph.cycleThrough('b.ts', 'a.ts')).toEqual(['b.ts', 'a.ts', 'b.ts']);
    expect(graph.cycleThrough('e.ts', 'c.ts')).toEqual(['e.ts', 'c.ts', 'd.ts', 'e.ts']);
  });

  it('sees no cycle through an import between two cycles', () => {
    expect(graph.cycleThrough('a.ts', 'c.ts')).toBeUndefined();
  });

  it('drops the cycle when the linted text no longer closes it', () => {
    expect(graph.withFile('b.ts', []).cycleThrough('a.ts', 'b.ts')).toBeUndefined();
  });
});

describe('readSourceTree', () => {
  let src: string;
  const write = (file: string, text: string, mtime: number) => {
    fs.mkdirSync(path.dirname(path.join(src, file)), { recursive: true });
    fs.writeFileSync(path.join(src, file), text);
    fs.utimesSync(path.join(src, file), mtime, mtime);
  };
  beforeEach(() => {
    src = fs.mkdtempSync(path.join(os.tmpdir(), 'import-graph-'));
    write('engine/a.ts', "import { b } from './b.js';", 1000);
    write('engine/b.ts', '', 1000);
    write('compiler/generated/parser.ts', "import { a } from '../../engine/a.js';", 1000);
  });
  afterEach(() => {
    fs.rmSync(src, { recursive: true, force: true });
  });

  it('reads every .ts file outside generated code', () => {
    const tree = readSourceTree(src);
    expect([...tree.keys()].sort()).toEqual(['engine/a.ts', 'engine/b.ts']);
    expect(tree.get('engine/a.ts')?.specifiers).toEqual(['./b.js']);
  });

  it('returns the previous tree while no file changed', () => {
    const tree = readSourceTree(src);
    expect(readSourceTree(src, tree)).toBe(tree);
  });

  it('sees edited, added and removed files so a long-lived process is never stale', () => {
    const tree = readSourceTree(src);
    write('engine/b.ts', "import { a } from './a.js';", 2000);
    const edited = readSourceTree(src, tree);
    expect(edited.get('engine/b.ts')?.specifiers).toEqual(['./a.js']);
    write('engine/c.ts', '', 2000);
    expect(readSourceTree(src, edited).has('engine/c.ts')).toBe(true);
    fs.rmSync(path.join(src, 'engine/c.ts'));
    expect(readSourceTree(src, edited).has('engine/c.ts')).toBe(false);
  });
});

import path from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
import { ImportGraph, importSpecifiers } from '../../eslint-rules/import-graph.js';
import { createNoImportCyclesRule } from '../../eslint-rules/no-import-cycles.js';

RuleTester.describe = describe;
RuleTester.it = it;

const root = path.resolve(import.meta.dirname, '../..');
const at = (file: string) => path.join(root, 'src', file);
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });

/** A virtual src/: each file with its saved text. The linted file's imports come from the code. */
const texts: Record<string, string> = {
  'engine/a.ts': "import { leaf } from './leaf.js';",
  'engine/b.ts': "import { a } from './a.js';",
  'engine/c.ts': "export { d } from './d.js';",
  'engine/d.ts': "import { a } from './a.js';",
  'engine/t.ts': "import type { A } from './a.js';",
  'engine/leaf.ts': "import { z } from 'zod';",
  'storage/s.ts': "const m = await import('../engine/a.js');",
  'compiler/generated/parser.ts': "import { x } from '../x.js';",
};
const graph = new ImportGraph(
  new Map(Object.entries(texts).map(([file, text]) => [file, importSpecifiers(text)])),
);
const rule = createNoImportCyclesRule(() => graph);

tester.run('omnigraph/no-import-cycles', rule, {
  valid: [
    { filename: at('engine/a.ts'), code: "import { leaf } from './leaf.js';" },
    { filename: at('engine/d.ts'), code: "import { a } from './a.js';" },
    { filename: at('engine/a.ts'), code: "import fs from 'node:fs'; import { z } from 'zod';" },
    { filename: at('compiler/x.ts'), code: "import { parse } from './generated/parser.js';" },
    { filename: at('engine/e.ts'), code: "import { c } from './c.js';" },
    { filename: path.join(root, 'test/x.test.ts'), code: "import { a } from '../src/a.js';" },
  ],
  invalid: [
    {
      filename: at('engine/a.ts'),
      code: "import { b } from './b.js';",
      errors: [{ message: 'import cycle: engine/a.ts → engine/b.ts → engine/a.ts' }],
    },
    {
      filename: at('engine/a.ts'),
      code: "import { c } from './c.js';",
      errors: [{ message: 'import cycle: engine/a.ts → engine/c.ts → engine/d.ts → engine/a.ts' }],
    },
    {
      filename: at('engine/a.ts'),
      code: "import type { T } from './t.js';",
      errors: [{ message: 'import cycle: engine/a.ts → engine/t.ts → engine/a.ts' }],
    },
    {
      filename: at('engine/a.ts'),
      code: "export type { S } from '../storage/s.js';",
      errors: [{ message: 'import cycle: engine/a.ts → storage/s.ts → engine/a.ts' }],
    },
    {
      filename: at('engine/a.ts'),
      code: "type B = typeof import('./b.js');\nconst c = await import('./c.js');",
      errors: [{ messageId: 'cycle' }, { messageId: 'cycle' }],
    },
    {
      filename: at('engine/a.ts'),
      code: "import { leaf } from './leaf.js';\nimport { a } from './a.js';",
      errors: [{ message: 'import cycle: engine/a.ts → engine/a.ts', line: 2 }],
    },
  ],
});

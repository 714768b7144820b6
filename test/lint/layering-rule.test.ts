import path from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
import { layeringRule } from '../../eslint-rules/layering.js';

RuleTester.describe = describe;
RuleTester.it = it;

const root = path.resolve(import.meta.dirname, '../..');
const at = (file: string) => path.join(root, 'src', file);
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });

tester.run('omnigraph/layering', layeringRule, {
  valid: [
    { filename: at('engine/graph.ts'), code: "import { x } from '../compiler/index.js';" },
    { filename: at('engine/graph.ts'), code: "import { x } from '../storage/index.js';" },
    { filename: at('compiler/x.ts'), code: "import { x } from '../util/index.js';" },
    { filename: at('cli/x.ts'), code: "import { x } from '../server/index.js';" },
    { filename: at('storage/a.ts'), code: "import { x } from './b.js';" },
    { filename: at('storage/a.ts'), code: "import { S3Client } from '@aws-sdk/client-s3';" },
    { filename: at('api/x.ts'), code: "import { x } from '../util/index.js';" },
    { filename: at('engine/graph.ts'), code: "import type { Api } from '../api/index.js';" },
    { filename: at('cluster/x.ts'), code: "import { x } from '../api/index.js';" },
    { filename: at('server/x.ts'), code: "import { x } from '../cluster/index.js';" },
  ],
  invalid: [
    {
      filename: at('compiler/x.ts'),
      code: "import { x } from '../engine/index.js';",
      errors: [{ messageId: 'upward' }],
    },
    {
      filename: at('compiler/x.ts'),
      code: "import { x } from '../storage/index.js';",
      errors: [{ messageId: 'upward' }],
    },
    {
      filename: at('compiler/x.ts'),
      code: "import type { Graph } from '../api/index.js';",
      errors: [{ messageId: 'upward' }],
    },
    {
      filename: at('compiler/x.ts'),
      code: "import { readFile } from 'node:fs';",
      errors: [{ messageId: 'builtin' }],
    },
    {
      filename: at('storage/x.ts'),
      code: "export * from '../engine/index.js';",
      errors: [{ messageId: 'upward' }],
    },
    {
      filename: at('api/x.ts'),
      code: "import type { G } from '../engine/graph.js';",
      errors: [{ messageId: 'upward' }],
    },
    {
      filename: at('api/x.ts'),
      code: "import { S3 } from '../storage/index.js';",
      errors: [
        {
          message:
            "layer 'api' may not import from layer 'storage' (../storage/index.js); allowed: util",
        },
      ],
    },
    {
      filename: at('util/x.ts'),
      code: "import type { Api } from '../api/index.js';",
      errors: [{ messageId: 'upward' }],
    },
    {
      filename: at('cluster/x.ts'),
      code: "type S = typeof import('../server/index.js');",
      errors: [{ messageId: 'upward' }],
    },
    {
      filename: at('engine/x.ts'),
      code: "const m = await import('../cluster/index.js');",
      errors: [{ messageId: 'upward' }],
    },
  ],
});

import path from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
import { clusterFsRule } from '../../../eslint-rules/cluster-fs.js';

RuleTester.describe = describe;
RuleTester.it = it;

const root = path.resolve(import.meta.dirname, '../../..');
const at = (file: string) => path.join(root, 'src', file);
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });

tester.run('omnigraph/cluster-fs', clusterFsRule, {
  valid: [
    {
      filename: at('cluster/config-files.ts'),
      code: "import { readFile } from 'node:fs/promises';",
    },
    { filename: at('cluster/config/load-cluster.ts'), code: "import path from 'node:path';" },
    {
      filename: at('storage/file-object-store.ts'),
      code: "import { open } from 'node:fs/promises';",
    },
    { filename: at('cli/io.ts'), code: "import fs from 'node:fs';" },
    {
      filename: path.join(root, 'test/cluster/x.test.ts'),
      code: "import { writeFile } from 'node:fs/promises';",
    },
  ],
  invalid: [
    {
      filename: at('cluster/state/ledger.ts'),
      code: "import { rename } from 'node:fs/promises';",
      errors: [
        {
          message:
            "src/cluster/state/ledger.ts may not import 'node:fs/promises': src/cluster reads files only through src/cluster/config-files.ts and stores through src/storage",
        },
      ],
    },
    {
      filename: at('cluster/plan.ts'),
      code: "import fs from 'fs';",
      errors: [{ messageId: 'fs' }],
    },
    {
      filename: at('cluster/config/x.ts'),
      code: "const fs = await import('node:fs');",
      errors: [{ messageId: 'fs' }],
    },
    {
      filename: at('cluster/index.ts'),
      code: "export { readFile } from 'fs/promises';",
      errors: [{ messageId: 'fs' }],
    },
  ],
});

import path from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
import { engineEntryRule } from '../../eslint-rules/engine-entry.js';

RuleTester.describe = describe;
RuleTester.it = it;

const root = path.resolve(import.meta.dirname, '../..');
const at = (file: string) => path.join(root, 'src', file);
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });

tester.run('omnigraph/engine-entry', engineEntryRule, {
  valid: [
    { filename: at('engine/query/read.ts'), code: "import { t } from '../lance/index.js';" },
    { filename: at('engine/query/read.ts'), code: "import { r } from './row-order.js';" },
    { filename: at('engine/query/traversal/x.ts'), code: "import { y } from '../y.js';" },
    { filename: at('engine/query/y.ts'), code: "import { x } from './traversal/x.js';" },
    { filename: at('engine/query/read.ts'), code: "import type { G } from '../graph-types.js';" },
    { filename: at('engine/omnigraph.ts'), code: "import { m } from './merge/index.js';" },
    { filename: at('engine/omnigraph.ts'), code: "import { s } from './snapshot.js';" },
    { filename: at('cluster/node.ts'), code: "import { Omnigraph } from '../engine/index.js';" },
    { filename: at('cli/x.ts'), code: "import { s } from '../server/http.js';" },
    { filename: at('engine/lance/x.ts'), code: "import * as lancedb from '@lancedb/lancedb';" },
    {
      filename: path.join(root, 'test/x.test.ts'),
      code: "import { t } from '../src/engine/lance/table.js';",
    },
  ],
  invalid: [
    {
      filename: at('engine/query/read.ts'),
      code: "import { t } from '../lance/table-reader.js';",
      errors: [
        {
          message:
            'src/engine/query/read.ts may import src/engine/lance/ only through src/engine/lance/index.ts, not src/engine/lance/table-reader.ts',
        },
      ],
    },
    {
      filename: at('engine/query/traversal/x.ts'),
      code: "import type { M } from '../../merge/three-way.js';",
      errors: [{ messageId: 'folderEntry' }],
    },
    {
      filename: at('engine/omnigraph.ts'),
      code: "export { t } from './lance/table-reader.js';",
      errors: [{ messageId: 'folderEntry' }],
    },
    {
      filename: at('cluster/node.ts'),
      code: "import type { Snapshot } from '../engine/snapshot.js';",
      errors: [
        {
          message:
            'src/cluster/node.ts is outside the engine and may import it only through src/engine/index.ts, not src/engine/snapshot.ts',
        },
      ],
    },
    {
      filename: at('server/http.ts'),
      code: "const l = await import('../engine/lance/index.js');",
      errors: [{ messageId: 'outsideEntry' }],
    },
  ],
});

import path from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
import { packageOwnerRule } from '../../eslint-rules/package-owner.js';

RuleTester.describe = describe;
RuleTester.it = it;

const root = path.resolve(import.meta.dirname, '../..');
const at = (file: string) => path.join(root, 'src', file);
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });

tester.run('omnigraph/package-owner', packageOwnerRule, {
  valid: [
    { filename: at('engine/lance/table.ts'), code: "import * as lancedb from '@lancedb/lancedb';" },
    { filename: at('engine/lance/x/deep.ts'), code: "import type { Table } from 'apache-arrow';" },
    { filename: at('storage/s3.ts'), code: "import { S3Client } from '@aws-sdk/client-s3';" },
    { filename: at('storage/s3.ts'), code: "import { x } from '@smithy/node-http-handler';" },
    {
      filename: at('server/secrets.ts'),
      code: "import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';",
    },
    { filename: at('policy/cedar.ts'), code: "import * as cedar from '@cedar-policy/cedar-wasm';" },
    { filename: at('server/http.ts'), code: "import Fastify from 'fastify';" },
    { filename: at('server/http.ts'), code: "import cors from '@fastify/cors';" },
    {
      filename: at('server/mcp.ts'),
      code: "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';",
    },
    { filename: at('cli/main.ts'), code: "import { Command } from 'commander';" },
    { filename: at('cli/main.ts'), code: "import pino from 'pino';" },
    { filename: at('server/log.ts'), code: "import pino from 'pino';" },
    { filename: at('engine/x.ts'), code: "import { z } from 'zod'; import fs from 'node:fs';" },
    { filename: at('engine/x.ts'), code: "import { y } from './lance/index.js';" },
    { filename: path.join(root, 'test/x.test.ts'), code: "import * as l from '@lancedb/lancedb';" },
  ],
  invalid: [
    {
      filename: at('engine/query/scan.ts'),
      code: "import * as lancedb from '@lancedb/lancedb';",
      errors: [
        {
          message:
            "package '@lancedb/lancedb' belongs to src/engine/lance/; layer 'engine' (src/engine/query/) may not import it",
        },
      ],
    },
    {
      filename: at('engine/graph.ts'),
      code: "import type { Schema } from 'apache-arrow/schema';",
      errors: [{ messageId: 'foreign' }],
    },
    {
      filename: at('engine/graph.ts'),
      code: "import { S3Client } from '@aws-sdk/client-s3';",
      errors: [{ messageId: 'foreign' }],
    },
    {
      filename: at('storage/secrets.ts'),
      code: "import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';",
      errors: [{ messageId: 'foreign' }],
    },
    {
      filename: at('server/http.ts'),
      code: "export { HttpRequest } from '@smithy/protocol-http';",
      errors: [{ messageId: 'foreign' }],
    },
    {
      filename: at('engine/policy.ts'),
      code: "const cedar = await import('@cedar-policy/cedar-wasm/nodejs');",
      errors: [{ messageId: 'foreign' }],
    },
    {
      filename: at('cli/serve.ts'),
      code: "import Fastify from 'fastify';",
      errors: [{ messageId: 'foreign' }],
    },
    {
      filename: at('cluster/x.ts'),
      code: "import type { FastifyCorsOptions } from '@fastify/cors';",
      errors: [{ messageId: 'foreign' }],
    },
    {
      filename: at('client/mcp.ts'),
      code: "import { Client } from '@modelcontextprotocol/sdk/client/index.js';",
      errors: [{ messageId: 'foreign' }],
    },
    {
      filename: at('server/args.ts'),
      code: "import { Command } from 'commander';",
      errors: [{ messageId: 'foreign' }],
    },
    {
      filename: at('engine/log.ts'),
      code: "import pino from 'pino';",
      errors: [
        {
          message:
            "package 'pino' belongs to src/server/ and src/cli/; layer 'engine' (src/engine/) may not import it",
        },
      ],
    },
  ],
});

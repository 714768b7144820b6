#!/usr/bin/env node
// Runs the fuzzer: `npm run fuzz -- --runs N [--seed S]` runs test/fuzz/main.ts (see
// docs/development.md, Fuzzing).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', path.join(root, 'test', 'fuzz', 'main.ts'), ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    cwd: root,
    env: { LANCEDB_LOG: 'error', ...process.env },
  },
);
process.exit(result.status ?? 1);

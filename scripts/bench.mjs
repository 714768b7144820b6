#!/usr/bin/env node
// Runs a benchmark script: `npm run bench -- <name> [args]` runs bench/<name>.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [name, ...args] = process.argv.slice(2);
const available = readdirSync(path.join(root, 'bench'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''));
if (!name || !existsSync(path.join(root, 'bench', `${name}.ts`))) {
  console.error(
    `usage: npm run bench -- <name> [args]; available: ${available.join(', ') || '(none yet)'}`,
  );
  process.exit(2);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', path.join(root, 'bench', `${name}.ts`), ...args],
  {
    stdio: 'inherit',
    cwd: root,
    env: { LANCEDB_LOG: 'error', ...process.env },
  },
);
process.exit(result.status ?? 1);

#!/usr/bin/env node
// Runs a benchmark script: `npm run bench -- <name> [args]` runs bench/<name>.ts. The read
// benchmarks (`query`, `server`) run with the Node options `omnigraph-server` starts with (its
// first line), so that their figures are those of the server: `NODE_OPTIONS` carries them, and
// a server the bench spawns inherits them. Options already in `NODE_OPTIONS` come after, and win
// (`NODE_OPTIONS=--max-semi-space-size=16` measures with Node's default).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
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
const READ_BENCHES = new Set(['query', 'server']);

/** The Node options on `omnigraph-server`'s first line (`#!/usr/bin/env -S node <options>`). */
function serverNodeOptions() {
  const source = readFileSync(path.join(root, 'src/cli/omnigraph-server.ts'), 'utf8');
  const options = /^#!\/usr\/bin\/env -S node((?: --[^\s]+)*)\n/.exec(source)?.[1];
  if (options === undefined) throw new Error("omnigraph-server's first line names no Node options");
  return options.trim();
}

const nodeOptions = READ_BENCHES.has(name)
  ? [serverNodeOptions(), process.env.NODE_OPTIONS].filter(Boolean).join(' ')
  : process.env.NODE_OPTIONS;
if (READ_BENCHES.has(name))
  console.error(`[bench] NODE_OPTIONS=${nodeOptions}, as omnigraph-server`);
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', path.join(root, 'bench', `${name}.ts`), ...args],
  {
    stdio: 'inherit',
    cwd: root,
    env: {
      LANCEDB_LOG: 'error',
      ...process.env,
      ...(nodeOptions === undefined ? {} : { NODE_OPTIONS: nodeOptions }),
    },
  },
);
process.exit(result.status ?? 1);

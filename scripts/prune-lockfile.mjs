#!/usr/bin/env node
// Removes, from package-lock.json, optional dependencies that the lock cannot resolve.
// @lancedb/lancedb lists a native package per platform; some of them are not published on the
// registry this project installs from, so npm cannot lock them, and `npm ci` then refuses the
// lock ("Missing: … from lock file"). Run after changing dependencies: `npm run lock`.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'package-lock.json');
const lock = JSON.parse(readFileSync(file, 'utf8'));
let pruned = 0;
for (const entry of Object.values(lock.packages)) {
  if (!entry.optionalDependencies) continue;
  const kept = Object.entries(entry.optionalDependencies).filter(
    ([name]) => lock.packages[`node_modules/${name}`] !== undefined,
  );
  pruned += Object.keys(entry.optionalDependencies).length - kept.length;
  entry.optionalDependencies = Object.fromEntries(kept);
}
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`pruned ${pruned} unresolvable optional dependencies from package-lock.json`);

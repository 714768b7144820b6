// The cluster control plane: wall time and object-store requests of `cluster apply` creating N
// graphs (default 20), of a no-op re-apply, and of `plan`, on a converged cluster. Prints one
// JSON line. Run with `npm run bench -- cluster [--graphs N] [--s3]`; with --s3 the storage
// root is a fresh prefix of S3_BUCKET and every request (the ledger's, the catalog's and the
// graphs' own) is counted by a proxy in front of AWS_ENDPOINT.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { settingsFromEnv } from '../src/api/index.js';
import { applyCluster, importCluster, planCluster } from '../src/cluster/index.js';
import { benchArgs } from './support/bench-args.js';
import { benchRoot } from './support/bench-root.js';
import { countsBetween } from './support/counting-proxy.js';

const args = benchArgs(process.argv.slice(2));
const GRAPHS = Number(args.value('graphs') ?? 20);
const s3 = args.flag('s3');

const SCHEMA = `node Note {
    slug: String @key
    body: String?
}
`;
const QUERY = `query note($slug: String) {
    match { $n: Note { slug: $slug } }
    return { $n.slug, $n.body }
}
`;

const bench = await benchRoot('cluster', s3);
const configDir = await mkdtemp(path.join(tmpdir(), 'og-bench-cluster-config-'));
const graphs = Array.from({ length: GRAPHS }, (_, i) => `g${String(i).padStart(2, '0')}`);
const yaml = [
  'version: 1',
  `storage: ${bench.root}`,
  'graphs:',
  ...graphs.flatMap((id) => [`  ${id}:`, '    schema: notes.pg', '    queries: queries/']),
  '',
].join('\n');
await mkdir(path.join(configDir, 'queries'));
await writeFile(path.join(configDir, 'cluster.yaml'), yaml);
await writeFile(path.join(configDir, 'notes.pg'), SCHEMA);
await writeFile(path.join(configDir, 'queries', 'notes.gq'), QUERY);
// Read after benchRoot, which points the S3 endpoint at its counting proxy.
const options = { configDir, settings: settingsFromEnv(process.env) };

async function measure<T extends { ok: boolean }>(
  label: string,
  run: () => Promise<T>,
): Promise<Record<string, unknown>> {
  const before = (await bench.proxy?.snapshot()) ?? {};
  const started = performance.now();
  const output = await run();
  const ms = Math.round(performance.now() - started);
  if (!output.ok) throw new Error(`${label} failed: ${JSON.stringify(output)}`);
  const requests = bench.proxy ? countsBetween(before, await bench.proxy.snapshot()) : undefined;
  return { [`${label}_ms`]: ms, ...(requests ? { [`${label}_requests`]: requests } : {}) };
}

const assertOk = <T extends { ok: boolean }>(output: T): T => {
  if (!output.ok) throw new Error(JSON.stringify(output));
  return output;
};
assertOk(await importCluster(options));
const figures = {
  backend: s3 ? 's3' : 'file',
  graphs: GRAPHS,
  ...(await measure('apply_create', () => applyCluster(options))),
  ...(await measure('apply_noop', () => applyCluster(options))),
  ...(await measure('plan', () => planCluster(options))),
};
console.log(JSON.stringify(figures));
await bench.cleanup();

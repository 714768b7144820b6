import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { settingsFromEnv } from '../../api/index.js';
import { Omnigraph } from '../../engine/index.js';
import type { CliContext } from '../cli-context.js';
import { printLines } from '../output.js';

/** The example graph shipped in the repository (`examples/people`). */
const EXAMPLE_DIR = fileURLToPath(new URL('../../../examples/people', import.meta.url));

/**
 * `omnigraph demo [dir]`: the main job of `npm start`. Creates (or reuses) a graph of the
 * example schema on local disk, loads the example data (merge, so reruns are idempotent),
 * and shows what is there and what to try next.
 */
export function registerDemo(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description(
      'create or reuse a demo graph on local disk and show what to try (run by `npm start`)',
    )
    .argument('[dir]', 'where the demo graph lives', '.omnigraph-demo/people')
    .action(async (dir: string) => {
      const root = path.resolve(ctx.io.cwd, dir);
      const schemaPath = path.join(EXAMPLE_DIR, 'schema.pg');
      const dataPath = path.join(EXAMPLE_DIR, 'data.jsonl');
      const fresh = !existsSync(root);
      const settings = settingsFromEnv(ctx.io.env);
      const graph = fresh
        ? await Omnigraph.init(root, await readFile(schemaPath, 'utf8'), { settings })
        : await Omnigraph.open(root, { settings });
      try {
        const load = await graph.load({ data: { path: dataPath }, mode: 'merge' });
        const snapshot = await graph.snapshot();
        const { commits } = await graph.listCommits();
        printLines(ctx.io, [
          `${fresh ? 'Created' : 'Reused'} the demo graph at ${graph.uri}`,
          `Loaded ${load.total_entities} entities from examples/people/data.jsonl in one commit (${load.commit?.graph_commit_id ?? 'no change'}).`,
          '',
          'What is in it:',
          ...snapshot.datasets.map((d) => `  ${d.entity_kind} ${d.type_name}: ${d.entity_count}`),
          `  ${commits.length} commits on main`,
          '',
          'Try next:',
          `  npx omnigraph query friends_of ${dir} --query test/fixtures/test.gq --params '{"name":"Alice"}'`,
          `  npx omnigraph snapshot ${dir}`,
          `  npx omnigraph export ${dir} --type Person`,
          `  npx omnigraph branch create --uri ${dir} feature`,
          `  npx omnigraph load ${dir} --branch feature --mode append --data my-people.jsonl`,
          `  npx omnigraph commit list ${dir} --branch feature`,
          `  npx omnigraph lint --schema examples/people/schema.pg --query test/fixtures/test.gq`,
          '',
          'Docs: docs/README.md',
        ]);
      } finally {
        await graph.close();
      }
    });
}

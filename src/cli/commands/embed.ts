import { Option, type Command } from 'commander';
import { OmniError } from '../../util/omni-error.js';
import type { CliContext } from '../cli-context.js';
import { fileFromFlag } from '../embed/embed-file.js';
import { embedModeOf } from '../embed/embed-mode.js';
import { embedRecords } from '../embed/embed-records.js';
import { reportLine } from '../embed/embed-report.js';
import { selectionOf } from '../embed/embed-selection.js';
import { readEmbedSpec } from '../embed/embed-spec.js';
import { embeddingProviderFromEnv } from '../embed/embedding-provider.js';
import { readSeedManifest, type EmbedFiles } from '../embed/seed-manifest.js';
import { rejectScopeFlags } from '../operator/local-command.js';
import { printJson, printLines } from '../output.js';

interface EmbedFlags {
  readonly seed?: string;
  readonly input?: string;
  readonly output?: string;
  readonly spec?: string;
  readonly clean?: boolean;
  readonly reembedAll?: boolean;
  readonly type?: string[];
  readonly select?: string[];
  readonly json?: boolean;
}

/** Collects a repeatable option's values. */
const collect = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  value,
];

/** The three files: from `--seed`'s manifest, or from `--input`, `--output` and `--spec`. */
async function filesOf(ctx: CliContext, flags: EmbedFlags): Promise<EmbedFiles> {
  if (flags.seed !== undefined) return readSeedManifest(ctx.io, flags.seed);
  const missing = (['input', 'output', 'spec'] as const).filter((key) => flags[key] === undefined);
  const { input, output, spec } = flags;
  if (input === undefined || output === undefined || spec === undefined) {
    throw new OmniError(
      'usage',
      `\`embed\` needs --seed <manifest>, or --input, --output and --spec (missing: ${missing.map((key) => `--${key}`).join(', ')})`,
    );
  }
  const { cwd } = ctx.io;
  return {
    input: fileFromFlag(cwd, input),
    output: fileFromFlag(cwd, output),
    spec: fileFromFlag(cwd, spec),
  };
}

/**
 * `omnigraph embed (--seed <manifest> | --input <ndjson> --output <ndjson> --spec <json>)
 * [--clean | --reembed-all] [--type T]… [--select Type:field=value|field=value]… [--json]`:
 * computes the vectors of seed records offline, before they are loaded. A local verb: it
 * addresses no graph and loads no storage engine.
 */
export function registerEmbed(program: Command, ctx: CliContext): void {
  program
    .command('embed')
    .description('fill the vector properties of an NDJSON seed from its text, before loading it')
    .addOption(
      new Option(
        '--seed <manifest>',
        'a seed manifest (YAML) naming the input, output and spec',
      ).conflicts(['input', 'output', 'spec']),
    )
    .option('--input <file>', 'the NDJSON to embed (the load format)')
    .option('--output <file>', 'where to write the embedded NDJSON (replaced atomically)')
    .option('--spec <file>', 'the embedding spec: {dimension, types: {<Type>: {target, fields}}}')
    .addOption(
      new Option('--clean', 'remove the target property instead of embedding').conflicts(
        'reembedAll',
      ),
    )
    .option('--reembed-all', 'embed every selected record, even one that has a vector')
    .option('--type <type>', 'act on this type only (repeatable)', collect)
    .option(
      '--select <selector>',
      're-embed the records of Type:field=value|field=value (repeatable)',
      collect,
    )
    .option('--json', 'print the result as JSON')
    .action(async (flags: EmbedFlags, command: Command) => {
      rejectScopeFlags(command, { label: 'embed' });
      const files = await filesOf(ctx, flags);
      const spec = await readEmbedSpec(ctx.io, files.spec.given);
      const selects = flags.select ?? [];
      const selection = selectionOf(spec, flags.type ?? [], selects);
      const mode = embedModeOf({ ...flags, selecting: selects.length > 0 });
      const provider = mode === 'clean' ? undefined : embeddingProviderFromEnv(ctx.io.env);
      const report = await embedRecords({
        input: files.input,
        output: files.output,
        spec,
        selection,
        mode,
        provider,
      });
      if (flags.json === true) printJson(ctx.io, report);
      else printLines(ctx.io, [reportLine(report)]);
    });
}

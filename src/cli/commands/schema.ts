import type { Command } from 'commander';
import { migrationStepFromJson } from '../../compiler/migration/migration-json-read.js';
import { renderMigrationStep } from '../../compiler/migration/render-step.js';
import type { SchemaApplyOutput } from '../../api/index.js';
import type { CliContext } from '../cli-context.js';
import { actorOf, echoWriteTarget, readerOf, resolveGraphUri, withGraph } from '../graph-target.js';
import { printJson, printLines } from '../output.js';
import { MESSAGE_FLAGS, MESSAGE_HELP, messageOption } from './message-flag.js';
import { readTextFile } from '../read-text-file.js';

interface MigrationFlags {
  readonly schema: string;
  readonly json?: boolean;
  readonly allowDataLoss?: boolean;
  readonly message?: string;
}

const yesNo = (value: boolean): string => (value ? 'yes' : 'no');

/** `- <step>` lines, or `no schema changes` (docs/guide/schema-evolution.md). */
function stepLines(result: SchemaApplyOutput): string[] {
  if (result.steps.length === 0) return ['no schema changes'];
  return result.steps.map((step) => `- ${renderMigrationStep(migrationStepFromJson(step))}`);
}

function planLines(result: SchemaApplyOutput): string[] {
  return [
    `schema plan for ${result.uri}`,
    `supported: ${yesNo(result.supported)}`,
    ...stepLines(result),
  ];
}

function applyLines(result: SchemaApplyOutput): string[] {
  return [
    `schema apply for ${result.uri}`,
    `supported: ${yesNo(result.supported)}`,
    `applied: ${yesNo(result.applied)}`,
    `graph_manifest_version: ${result.graph_manifest_version}`,
    ...stepLines(result),
  ];
}

/** `omnigraph schema plan|apply|show`. */
export function registerSchema(program: Command, ctx: CliContext): void {
  const schema = program.command('schema').description('plan, apply and show schema migrations');

  schema
    .command('plan')
    .description('show the migration from the accepted schema to a new one, changing nothing')
    .argument('[uri]', 'the graph (or --store)')
    .requiredOption('--schema <file>', 'the desired .pg schema')
    .option('--json', 'print the plan as JSON ({supported, steps})')
    .option('--allow-data-loss', 'plan drops as hard (data removed from the new state)')
    .action(async (uri: string | undefined, flags: MigrationFlags, command: Command) => {
      const target = await resolveGraphUri(ctx, command, uri);
      const actor = await readerOf(ctx, command);
      const source = await readTextFile(ctx.io, flags.schema, 'schema');
      const result = await withGraph(ctx, command, target, 'read-only', (graph) =>
        graph.planSchema(
          { schema_source: source, allow_data_loss: flags.allowDataLoss === true },
          { sourceFile: flags.schema, actor },
        ),
      );
      if (flags.json === true)
        printJson(ctx.io, { supported: result.supported, steps: result.steps });
      else printLines(ctx.io, planLines(result));
    });

  schema
    .command('apply')
    .description('migrate main to a new schema as one commit (only while main is the only branch)')
    .argument('[uri]', 'the graph (or --store)')
    .requiredOption('--schema <file>', 'the desired .pg schema')
    .option('--json', 'print the result as JSON')
    .option('--allow-data-loss', 'make drops hard: dropped columns leave the new table versions')
    .option(MESSAGE_FLAGS, MESSAGE_HELP)
    .action(async (uri: string | undefined, flags: MigrationFlags, command: Command) => {
      const message = messageOption(flags);
      const target = await resolveGraphUri(ctx, command, uri);
      const actor = await actorOf(ctx, command);
      const source = await readTextFile(ctx.io, flags.schema, 'schema');
      echoWriteTarget(ctx, command, 'schema apply', target);
      const result = await withGraph(ctx, command, target, 'read-write', (graph) =>
        graph.applySchema(
          { schema_source: source, allow_data_loss: flags.allowDataLoss === true },
          { actor, sourceFile: flags.schema, ...message },
        ),
      );
      if (flags.json === true) printJson(ctx.io, result);
      else printLines(ctx.io, applyLines(result));
    });

  schema
    .command('show')
    .alias('get')
    .description('print the accepted schema source of main')
    .argument('[uri]', 'the graph (or --store)')
    .option('--json', 'print as JSON ({schema_source})')
    .action(async (uri: string | undefined, flags: { json?: boolean }, command: Command) => {
      const target = await resolveGraphUri(ctx, command, uri);
      const actor = await readerOf(ctx, command);
      const result = await withGraph(ctx, command, target, 'read-only', (graph) =>
        graph.getSchema({ actor }),
      );
      const source = result.schema_source;
      if (flags.json === true) printJson(ctx.io, result);
      else ctx.io.stdout(source.endsWith('\n') ? source : `${source}\n`);
    });
}

import type { Command } from 'commander';
import { migrationStepFromJson } from '../../compiler/migration/migration-json-read.js';
import { renderMigrationStep } from '../../compiler/migration/render-step.js';
import type { SchemaApplyResult } from '../../engine/schema-apply/apply-schema.js';
import type { CliContext } from '../cli-context.js';
import { actorOf, echoWriteTarget, resolveGraphUri, withGraph } from '../graph-target.js';
import { printJson, printLines } from '../output.js';
import { readTextFile } from '../read-text-file.js';

interface MigrationFlags {
  readonly schema: string;
  readonly json?: boolean;
  readonly allowDataLoss?: boolean;
}

const yesNo = (value: boolean): string => (value ? 'yes' : 'no');

/** `- <step>` lines, or `no schema changes` (cli.md §3). */
function stepLines(result: SchemaApplyResult): string[] {
  if (result.steps.length === 0) return ['no schema changes'];
  return result.steps.map((step) => `- ${renderMigrationStep(migrationStepFromJson(step))}`);
}

function planLines(uri: string, result: SchemaApplyResult): string[] {
  return [`schema plan for ${uri}`, `supported: ${yesNo(result.supported)}`, ...stepLines(result)];
}

function applyLines(uri: string, result: SchemaApplyResult): string[] {
  return [
    `schema apply for ${uri}`,
    `supported: ${yesNo(result.supported)}`,
    `applied: ${yesNo(result.applied)}`,
    `graph_manifest_version: ${result.graph_manifest_version}`,
    ...stepLines(result),
  ];
}

/** `SchemaApplyOutput` (http.md, the CLI prints the same). */
function applyJson(uri: string, result: SchemaApplyResult): object {
  return {
    uri,
    supported: result.supported,
    applied: result.applied,
    step_count: result.steps.length,
    graph_manifest_version: result.graph_manifest_version,
    steps: result.steps,
  };
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
      const target = resolveGraphUri(command, uri);
      const source = await readTextFile(ctx.io, flags.schema, 'schema');
      const { graphUri, result } = await withGraph(ctx, target, 'read-only', async (graph) => ({
        graphUri: graph.uri,
        result: await graph.planSchema(source, { allowDataLoss: flags.allowDataLoss === true }),
      }));
      if (flags.json === true)
        printJson(ctx.io, { supported: result.supported, steps: result.steps });
      else printLines(ctx.io, planLines(graphUri, result));
    });

  schema
    .command('apply')
    .description('migrate main to a new schema as one commit (only while main is the only branch)')
    .argument('[uri]', 'the graph (or --store)')
    .requiredOption('--schema <file>', 'the desired .pg schema')
    .option('--json', 'print the result as JSON')
    .option('--allow-data-loss', 'make drops hard: dropped columns leave the new table versions')
    .action(async (uri: string | undefined, flags: MigrationFlags, command: Command) => {
      const target = resolveGraphUri(command, uri);
      const source = await readTextFile(ctx.io, flags.schema, 'schema');
      echoWriteTarget(ctx, command, 'schema apply', target);
      const { graphUri, result } = await withGraph(ctx, target, 'read-write', async (graph) => ({
        graphUri: graph.uri,
        result: await graph.applySchema(source, {
          allowDataLoss: flags.allowDataLoss === true,
          actor: actorOf(command),
        }),
      }));
      if (flags.json === true) printJson(ctx.io, applyJson(graphUri, result));
      else printLines(ctx.io, applyLines(graphUri, result));
    });

  schema
    .command('show')
    .alias('get')
    .description('print the accepted schema source of main')
    .argument('[uri]', 'the graph (or --store)')
    .option('--json', 'print as JSON ({schema_source})')
    .action(async (uri: string | undefined, flags: { json?: boolean }, command: Command) => {
      const target = resolveGraphUri(command, uri);
      const source = await withGraph(ctx, target, 'read-only', (graph) => graph.schemaSource());
      if (flags.json === true) printJson(ctx.io, { schema_source: source });
      else ctx.io.stdout(source.endsWith('\n') ? source : `${source}\n`);
    });
}

import type { Command } from 'commander';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { parseQuery } from '../../compiler/query/index.js';
import { errnoOf, errnoReason } from '../../util/errno-reason.js';
import { messageOf, OmniError } from '../../util/omni-error.js';
import type { CliContext } from '../cli-context.js';
import {
  migrateLegacyConfig,
  type FoundQueryFile,
  type NotCarried,
} from '../operator/config-migration.js';
import { firstProblem, parseKnownKeys } from '../operator/known-keys.js';
import { legacyConfigShape, type LegacyConfig } from '../operator/legacy-config-shape.js';
import { rejectScopeFlags } from '../operator/local-command.js';
import { printJson, printLines } from '../output.js';
import { readTextFile } from '../read-text-file.js';

interface MigrateFlags {
  readonly file: string;
  readonly out?: string;
  readonly force?: boolean;
  readonly json?: boolean;
}

/** A legacy file read and parsed, with the keys migration does not know. */
interface ReadLegacy {
  readonly legacy: LegacyConfig;
  readonly unknown: readonly string[];
}

/**
 * `omnigraph config migrate [--file omnigraph.yaml] [--out <dir>] [--force] [--json]`: splits
 * a legacy project `omnigraph.yaml` into a `cluster.yaml` to review and the operator-config
 * half (`operator-config.yaml`, to merge into `~/.omnigraph/config.yaml`), and lists what
 * could not be carried over.
 */
export function registerConfig(program: Command, ctx: CliContext): void {
  const config = program.command('config').description('migrate legacy configuration');
  config
    .command('migrate')
    .description('split a legacy omnigraph.yaml into cluster.yaml and operator config')
    .option('--file <path>', 'the legacy file', 'omnigraph.yaml')
    .option('--out <dir>', 'where to write the proposals (default: beside the legacy file)')
    .option('--force', 'overwrite proposals already written')
    .option('--json', 'print the report as JSON')
    .action(async (flags: MigrateFlags, command: Command) => {
      rejectScopeFlags(command, { label: 'config migrate' });
      const source = path.resolve(ctx.io.cwd, flags.file);
      const legacyDir = path.dirname(source);
      const outDir = path.resolve(ctx.io.cwd, flags.out ?? legacyDir);
      const { legacy, unknown } = await readLegacy(ctx, flags.file);
      const roots = (legacy.query?.roots ?? []).map((root) => path.resolve(legacyDir, root));
      const migration = migrateLegacyConfig({
        legacy,
        rootQueryFiles: (await rootQueryFiles(roots)).map((file) => relativeTo(outDir, file)),
        findQueryFile: await queryFileFinder(legacy, [legacyDir, ...roots], outDir),
      });
      const header = `# Proposed by \`omnigraph config migrate\` from ${flags.file}: review before use.\n`;
      const clusterFile =
        migration.cluster === undefined
          ? undefined
          : await writeProposal(
              path.join(outDir, 'cluster.yaml'),
              header,
              migration.cluster,
              flags,
            );
      const operatorFile =
        Object.keys(migration.operator).length === 0
          ? undefined
          : await writeProposal(
              path.join(outDir, 'operator-config.yaml'),
              `${header}# Merge it into ~/.omnigraph/config.yaml (or $OMNIGRAPH_HOME/config.yaml).\n`,
              migration.operator,
              flags,
            );
      const notCarried: NotCarried[] = [
        ...unknown.map((key) => ({
          key,
          reason: 'not a key of omnigraph.yaml this release knows',
        })),
        ...migration.notCarried,
      ];
      report(ctx, { clusterFile, operatorFile, notCarried, json: flags.json === true });
    });
}

async function readLegacy(ctx: CliContext, file: string): Promise<ReadLegacy> {
  const text = await readTextFile(ctx.io, file, 'legacy config');
  let value: unknown;
  try {
    value = parseYaml(text) ?? {};
  } catch (error) {
    throw new OmniError(
      'bad_request',
      `legacy config '${file}' is not valid YAML: ${messageOf(error)}`,
    );
  }
  const unknown: string[] = [];
  const parsed = parseKnownKeys(legacyConfigShape, value, (key) => unknown.push(key));
  if (!parsed.success) {
    throw new OmniError('bad_request', `legacy config '${file}': ${firstProblem(parsed.error)}`);
  }
  return { legacy: parsed.data, unknown };
}

/** The top-level `.gq` files of the query roots, in name order. */
async function rootQueryFiles(roots: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const root of roots) {
    const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
    files.push(
      ...entries
        .filter((entry) => entry.isFile() && entry.name.endsWith('.gq'))
        .map((entry) => path.join(root, entry.name))
        .sort(),
    );
  }
  return files;
}

/**
 * Finds every alias's query file first (beside the legacy file, then under each query root),
 * so that the pure migration can look them up.
 */
async function queryFileFinder(
  legacy: LegacyConfig,
  dirs: readonly string[],
  outDir: string,
): Promise<(file: string) => FoundQueryFile | undefined> {
  const found = new Map<string, FoundQueryFile>();
  for (const alias of Object.values(legacy.aliases ?? {})) {
    if (alias.query === undefined || found.has(alias.query)) continue;
    for (const dir of dirs) {
      const file = path.resolve(dir, alias.query);
      const source = await readFile(file, 'utf8').catch(() => undefined);
      if (source === undefined) continue;
      found.set(alias.query, {
        path: relativeTo(outDir, file),
        names: declaredNames(source, file),
      });
      break;
    }
  }
  return (file) => found.get(file);
}

function declaredNames(source: string, file: string): string[] {
  try {
    return parseQuery(source, { file }).queries.map((query) => query.name);
  } catch {
    // A file that does not parse still moves to the catalog; its name must be given.
    return [];
  }
}

/** Writes one proposal as YAML; refuses to replace a file unless `--force`. */
async function writeProposal(
  file: string,
  header: string,
  document: unknown,
  flags: MigrateFlags,
): Promise<string> {
  try {
    await writeFile(file, header + stringify(document), {
      flag: flags.force === true ? 'w' : 'wx',
    });
  } catch (error) {
    if (errnoOf(error) === 'EEXIST') {
      throw new OmniError('conflict', `${file} already exists; pass --force to replace it`, {
        details: { file },
      });
    }
    throw new OmniError('bad_request', `cannot write ${file}: ${errnoReason(error)}`);
  }
  return file;
}

function report(
  ctx: CliContext,
  result: {
    clusterFile: string | undefined;
    operatorFile: string | undefined;
    notCarried: readonly NotCarried[];
    json: boolean;
  },
): void {
  if (result.json) {
    printJson(ctx.io, {
      cluster_file: result.clusterFile ?? null,
      operator_file: result.operatorFile ?? null,
      not_carried: result.notCarried,
    });
    return;
  }
  printLines(ctx.io, [
    result.clusterFile === undefined
      ? 'no cluster.yaml: the legacy file declares no storage graph'
      : `wrote ${result.clusterFile}`,
    result.operatorFile === undefined
      ? 'no operator config: nothing in the legacy file belongs there'
      : `wrote ${result.operatorFile} (merge it into ~/.omnigraph/config.yaml)`,
    ...(result.notCarried.length === 0
      ? []
      : ['not carried over:', ...result.notCarried.map((note) => `  ${note.key}: ${note.reason}`)]),
  ]);
}

/** A path as `cluster.yaml` names it: relative to its directory, with `/`. */
function relativeTo(dir: string, file: string): string {
  return path.relative(dir, file).split(path.sep).join('/');
}

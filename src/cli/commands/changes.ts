import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type {
  CallOptions,
  ChangeBlockOutput,
  ChangeFeedFilter,
  ChangeFeedOutput,
  ChangesBaselineRecord,
  Graph,
} from '../../api/index.js';
import { jsonText } from '../../api/json-text.js';
import { OmniError } from '../../util/omni-error.js';
import {
  changeFilterOf,
  changeFilterOptions,
  type ChangeFilterFlags,
} from './change-filter-options.js';
import type { CliContext } from '../cli-context.js';
import { readerOf, resolveGraphUri, withGraph } from '../graph-target.js';
import { printJson, printLines } from '../output.js';
import { causeLines, changeLines } from './change-lines.js';

interface FilterFlags extends ChangeFilterFlags {
  readonly branch: string;
  readonly json?: boolean;
}

interface PollFlags extends FilterFlags {
  readonly cursor?: string;
  readonly start?: string;
  readonly limit?: string;
}

interface BaselineFlags extends FilterFlags {
  readonly out: string;
}

function filterOf(flags: FilterFlags): ChangeFeedFilter {
  return changeFilterOf(flags);
}

function blockLines(block: ChangeBlockOutput): string[] {
  return [...causeLines(block.cause), ...block.changes.flatMap(changeLines)];
}

/**
 * One poll, every page: each page is printed as it comes (its blocks; with `--json` the page as
 * one line of JSON), and the cursor only after the terminal page. A later page's failure ends the
 * command after what was printed, without a cursor.
 */
async function poll(
  ctx: CliContext,
  graph: Graph,
  flags: PollFlags,
  options: CallOptions,
): Promise<void> {
  const base = {
    branch: flags.branch,
    ...filterOf(flags),
    ...(flags.limit === undefined ? {} : { limit: Number(flags.limit) }),
  };
  const first = {
    ...(flags.cursor === undefined ? {} : { cursor: flags.cursor }),
    ...(flags.start === undefined ? {} : { start: flags.start }),
  };
  let page: ChangeFeedOutput = await graph.pollChanges({ ...base, ...first }, options);
  let printed = 0;
  for (;;) {
    if (flags.json === true) ctx.io.stdout(`${jsonText(page)}\n`);
    else {
      for (const block of page.blocks) {
        printLines(ctx.io, [...(printed > 0 ? [''] : []), ...blockLines(block)]);
        printed += 1;
      }
    }
    if (page.next_page_token === undefined) break;
    page = await graph.pollChanges({ ...base, page_token: page.next_page_token }, options);
  }
  if (flags.json !== true) {
    printLines(ctx.io, [
      ...(printed > 0 ? [''] : []),
      `cursor: ${page.cursor ?? ''}`,
      `caught_up: ${String(page.caught_up ?? false)}`,
    ]);
  }
}

/** The baseline record that ends a baseline stream, or undefined for an entity line. */
function baselineRecord(line: string): ChangesBaselineRecord['baseline'] | undefined {
  if (!line.startsWith('{"baseline":')) return undefined;
  return (JSON.parse(line) as ChangesBaselineRecord).baseline;
}

/** Writes in chunks of about this many bytes. */
const WRITE_CHUNK_BYTES = 1 << 20;

/**
 * Writes a baseline's entity lines to `out` atomically (a temporary file beside it, fsynced,
 * renamed over it, then the directory fsynced), under the advisory lock `<out>.lock`; the final
 * `baseline` line is not written but returned. Without it (a cut stream) nothing is renamed.
 */
async function writeBaseline(
  lines: AsyncIterable<string>,
  out: string,
): Promise<{ baseline: ChangesBaselineRecord['baseline']; records: number }> {
  const lockPath = `${out}.lock`;
  const lock = await open(lockPath, 'wx').catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw new OmniError(
        'conflict',
        `${lockPath} exists: another baseline is writing ${out} (remove the lock if none is)`,
      );
    throw error;
  });
  const temp = path.join(
    path.dirname(out),
    `.${path.basename(out)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    const file = await open(temp, 'wx');
    let baseline: ChangesBaselineRecord['baseline'] | undefined;
    let records = 0;
    try {
      let chunk: string[] = [];
      let size = 0;
      for await (const line of lines) {
        if (baseline !== undefined)
          throw new OmniError('internal', 'the baseline stream went on after its last line');
        baseline = baselineRecord(line);
        if (baseline !== undefined) break;
        chunk.push(line, '\n');
        size += line.length + 1;
        records += 1;
        if (size >= WRITE_CHUNK_BYTES) {
          await file.write(chunk.join(''));
          chunk = [];
          size = 0;
        }
      }
      if (chunk.length > 0) await file.write(chunk.join(''));
      await file.sync();
    } finally {
      await file.close();
    }
    if (baseline === undefined)
      throw new OmniError(
        'internal',
        'the baseline ended before its final record; nothing was written (retry)',
      );
    await rename(temp, out);
    const dir = await open(path.dirname(out), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
    return { baseline, records };
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  } finally {
    await lock.close();
    await rm(lockPath, { force: true });
  }
}

function filterOptions(command: Command): Command {
  return changeFilterOptions(command).option('--branch <branch>', 'branch (default main)', 'main');
}

/** `omnigraph changes poll|baseline`: a branch's change feed. */
export function registerChanges(program: Command, ctx: CliContext): void {
  const changes = program
    .command('changes')
    .description("follow a branch's entity changes: poll the feed, or take a baseline");

  filterOptions(
    changes
      .command('poll')
      .description('the entity changes after a cursor (or a start), then the cursor to resume from')
      .argument('[uri]', 'the graph (or --store)'),
  )
    .option('--cursor <cursor>', 'resume after this cursor (from an earlier poll or a baseline)')
    .option('--start <start>', 'without a cursor: now (default), beginning or after:<commit_id>')
    .option('--limit <n>', 'changes per page (default 1000, max 8192)')
    .option('--json', 'print each page as one line of JSON')
    .action(async (uri: string | undefined, flags: PollFlags, command: Command) => {
      const target = await resolveGraphUri(ctx, command, uri);
      const actor = await readerOf(ctx, command);
      await withGraph(ctx, command, target, 'read-only', (graph) =>
        poll(ctx, graph, flags, { actor }),
      );
    });

  filterOptions(
    changes
      .command('baseline')
      .description(
        'write a branch head as NDJSON (load format) to a file, then print the cursor that follows it',
      )
      .argument('[uri]', 'the graph (or --store)'),
  )
    .requiredOption('--out <path>', 'the file to write (atomically)')
    .option('--json', 'print as JSON')
    .action(async (uri: string | undefined, flags: BaselineFlags, command: Command) => {
      const target = await resolveGraphUri(ctx, command, uri);
      const actor = await readerOf(ctx, command);
      const out = path.resolve(ctx.io.cwd, flags.out);
      const { baseline, records } = await withGraph(ctx, command, target, 'read-only', (graph) =>
        writeBaseline(
          graph.changesBaseline({ branch: flags.branch, ...filterOf(flags) }, { actor }),
          out,
        ),
      );
      if (flags.json === true) printJson(ctx.io, { ...baseline, records });
      else
        printLines(ctx.io, [
          `snapshot_commit_id: ${baseline.snapshot_commit_id}`,
          `resume_cursor: ${baseline.resume_cursor}`,
        ]);
    });
}

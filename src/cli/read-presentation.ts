import type { CliContext } from './cli-context.js';
import { operatorSettingsOf } from './graph-target.js';
import type { ReadFormat, ReadFormatOptions } from './read-format.js';

/** How a command prints read results: its format and the table's options. */
export interface ReadPresentation {
  readonly format: ReadFormat;
  readonly options: ReadFormatOptions;
}

/**
 * The format of a read's output: `--json`, else `--format`, else `preferred` (an alias's own),
 * else the operator config's `defaults.output`, else `table`; the table's column width and
 * cell layout come from `defaults` too.
 */
export async function readPresentation(
  ctx: CliContext,
  flags: { readonly json?: boolean; readonly format?: ReadFormat },
  preferred?: ReadFormat,
): Promise<ReadPresentation> {
  const defaults = (await operatorSettingsOf(ctx)).config.defaults;
  const format =
    flags.json === true ? 'json' : (flags.format ?? preferred ?? defaults?.output ?? 'table');
  const options: ReadFormatOptions = {
    ...(defaults?.table_max_column_width === undefined
      ? {}
      : { maxColumnWidth: defaults.table_max_column_width }),
    ...(defaults?.table_cell_layout === undefined
      ? {}
      : { cellLayout: defaults.table_cell_layout }),
  };
  return { format, options };
}

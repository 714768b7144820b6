/**
 * What an `embed` run does to the records it selects:
 * - `fill_missing` (default): embeds those whose target property is missing or null;
 * - `reembed_selected` (`--select`): embeds every record a selector matches, vector or not;
 * - `reembed_all` (`--reembed-all`): embeds every selected record;
 * - `clean` (`--clean`): removes the target property.
 */
export const EMBED_MODES = ['fill_missing', 'reembed_selected', 'reembed_all', 'clean'] as const;

/** One of {@link EMBED_MODES}. */
export type EmbedMode = (typeof EMBED_MODES)[number];

/** The mode the flags ask for; `--clean` and `--reembed-all` exclude each other (commander). */
export function embedModeOf(flags: {
  readonly clean?: boolean;
  readonly reembedAll?: boolean;
  readonly selecting: boolean;
}): EmbedMode {
  if (flags.clean === true) return 'clean';
  if (flags.reembedAll === true) return 'reembed_all';
  return flags.selecting ? 'reembed_selected' : 'fill_missing';
}

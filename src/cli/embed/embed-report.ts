import type { EmbedMode } from './embed-mode.js';

/** What `omnigraph embed --json` prints (wire names). */
export interface EmbedReport {
  /** The files as the user named them (a manifest's entries joined to its directory). */
  readonly input: string;
  readonly output: string;
  /** Every record of the input, nodes and edges. */
  readonly records: number;
  /** The records of the acted-on types that the selectors (if any) match. */
  readonly selected_records: number;
  /** Records given a new vector. */
  readonly embedded_records: number;
  /** Records whose target property was removed (`clean`). */
  readonly cleaned_records: number;
  readonly mode: EmbedMode;
  readonly dimension: number;
  /** The provider's model; null for `clean`, which embeds nothing. */
  readonly model: string | null;
}

/**
 * The one line `omnigraph embed` prints without `--json`:
 * `fill_missing: embedded 2 of 3 selected records (5 in all) with mock-embedding, dimension 4; wrote out.jsonl from raw.jsonl`
 */
export function reportLine(report: EmbedReport): string {
  const counts = `of ${report.selected_records} selected records (${report.records} in all)`;
  const files = `wrote ${report.output} from ${report.input}`;
  if (report.mode === 'clean') {
    return `clean: removed the vector of ${report.cleaned_records} ${counts}; ${files}`;
  }
  return `${report.mode}: embedded ${report.embedded_records} ${counts} with ${report.model ?? 'no model'}, dimension ${report.dimension}; ${files}`;
}

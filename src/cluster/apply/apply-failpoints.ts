import { resolveSettings, type SettingsInput } from '../../api/settings.js';
import { Failpoints } from '../../engine/index.js';

/**
 * The crash points of `cluster apply`, armed like the engine's (`OMNIGRAPH_FAILPOINTS`, or
 * `settings.failpoints`): the process exits at once when it reaches an armed one, holding the
 * lock and leaving whatever sidecars it wrote, as a crash would.
 */
export const APPLY_FAILPOINTS = [
  'cluster_apply.before_graph_create',
  'cluster_apply.after_graph_create',
  'cluster_apply.before_schema_apply',
  'cluster_apply.after_schema_apply',
  'cluster_apply.before_graph_delete',
  'cluster_apply.after_graph_delete',
  'cluster_apply.before_state_write',
  'cluster_apply.after_state_write',
] as const;

/** One of {@link APPLY_FAILPOINTS}. */
export type ApplyFailpoint = (typeof APPLY_FAILPOINTS)[number];

/** The apply crash points armed by `settings`. */
export class ApplyFailpoints {
  readonly #points: Failpoints;

  constructor(settings: SettingsInput | undefined) {
    this.#points = new Failpoints(resolveSettings(settings).failpoints);
  }

  /** Exits the process if `name` is armed. */
  reach(name: ApplyFailpoint): void {
    this.#points.reach(name);
  }
}

import type { SettingsInput } from '../api/settings.js';

/** What every cluster command is given. */
export interface ClusterCommandOptions {
  /** The directory holding `cluster.yaml` (as the user gave it; echoed as `config_dir`). */
  readonly configDir: string;
  /** Engine and S3 settings for the graphs and the storage root. */
  readonly settings?: SettingsInput;
  /** The clock, for records and lock ages; tests pin it. */
  readonly now?: () => Date;
}

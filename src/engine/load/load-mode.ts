import { OmniError } from '../../util/omni-error.js';

/** How a load treats entities that already exist (languages.md §3.5). */
export type LoadMode = 'append' | 'merge' | 'overwrite';

export const LOAD_MODES: readonly LoadMode[] = ['overwrite', 'append', 'merge'];

/** Validates a mode name from user input. */
export function parseLoadMode(value: string): LoadMode {
  if ((LOAD_MODES as readonly string[]).includes(value)) return value as LoadMode;
  throw new OmniError(
    'bad_request',
    `invalid load mode '${value}'; expected one of ${LOAD_MODES.join(', ')}`,
  );
}

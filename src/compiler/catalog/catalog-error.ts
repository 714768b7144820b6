import { OmniError } from '../../util/omni-error.js';
import { locationDetails, type SourceLocation } from '../common/source-location.js';

/** Where in the source a catalog rule was broken: the file, and the position when known. */
export interface CatalogErrorSite {
  readonly file: string;
  readonly location?: SourceLocation | undefined;
}

/**
 * A `schema_error` for a broken catalog rule: `catalog error: <message>`, with the file and
 * position in details.
 */
export function catalogError(site: CatalogErrorSite, message: string): OmniError {
  const details =
    site.location === undefined ? { file: site.file } : locationDetails(site.file, site.location);
  return new OmniError('schema_error', `catalog error: ${message}`, { details });
}

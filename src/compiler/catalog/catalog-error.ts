import { OmniError } from '../../util/omni-error.js';
import { suggestionDetails, withSuggestion } from '../common/did-you-mean.js';
import { locationDetails, type SourceLocation } from '../common/source-location.js';

/** Where in the source a catalog rule was broken: the file, and the position when known. */
export interface CatalogErrorSite {
  readonly file: string;
  readonly location?: SourceLocation | undefined;
}

/**
 * A `schema_error` for a broken catalog rule: `catalog error: <file>:<line>:<column>: <message>`
 * (`<file>: ` alone when the position is unknown), followed by `; did you mean 'x'?` when
 * `suggestion` names the known name closest to an unknown one. Details carry `{file, line,
 * column, suggestion}`.
 */
export function catalogError(
  site: CatalogErrorSite,
  message: string,
  suggestion?: string,
): OmniError {
  const where =
    site.location === undefined
      ? site.file
      : `${site.file}:${site.location.line}:${site.location.column}`;
  const details =
    site.location === undefined ? { file: site.file } : locationDetails(site.file, site.location);
  return new OmniError(
    'schema_error',
    `catalog error: ${where}: ${withSuggestion(message, suggestion)}`,
    {
      details: { ...details, ...suggestionDetails(suggestion) },
    },
  );
}

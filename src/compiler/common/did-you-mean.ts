/**
 * `message` followed by `; did you mean '<suggestion>'?` when an unknown name has a close known
 * one (see `closestName`), else `message` unchanged.
 *
 * @example withSuggestion("unknown type 'Persn'", 'Person') // "unknown type 'Persn'; did you mean 'Person'?"
 */
export function withSuggestion(message: string, suggestion: string | undefined): string {
  return suggestion === undefined ? message : `${message}; did you mean '${suggestion}'?`;
}

/** The `suggestion` entry of error details, or none when there is no suggestion. */
export function suggestionDetails(suggestion: string | undefined): {
  readonly suggestion?: string;
} {
  return suggestion === undefined ? {} : { suggestion };
}

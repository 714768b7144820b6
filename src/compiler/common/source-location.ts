/** A position in a source file, 1-based like editors show it. */
export interface SourceLocation {
  readonly line: number;
  readonly column: number;
}

/** Structured error details naming a position: `{file, line, column}`. */
export function locationDetails(
  file: string,
  location: SourceLocation,
): { readonly file: string; readonly line: number; readonly column: number } {
  return { file, line: location.line, column: location.column };
}

import type { z } from 'zod';

/**
 * Parses `value` with a shape of strict objects, dropping each key the shape does not know
 * after reporting its dotted path to `onUnknown`; any other problem fails the parse as usual.
 * Unknown keys are not errors where a file may be written for a newer (or older) release.
 */
export function parseKnownKeys<T extends z.ZodType>(
  shape: T,
  value: unknown,
  onUnknown: (path: string) => void,
): z.ZodSafeParseResult<z.infer<T>> {
  const parsed = shape.safeParse(value);
  const unknown = parsed.success ? [] : parsed.error.issues.filter(isUnknownKeys);
  if (unknown.length === 0) return parsed;
  const pruned = structuredClone(value);
  for (const issue of unknown) {
    for (const key of issue.keys) {
      onUnknown([...issue.path, key].map(String).join('.'));
      deleteKey(pruned, issue.path, key);
    }
  }
  return shape.safeParse(pruned);
}

/** The dotted path and message of a parse's first problem, for an error line. */
export function firstProblem(error: z.ZodError): string {
  const [issue] = error.issues;
  const at = issue === undefined ? '' : issue.path.map(String).join('.');
  return `${at === '' ? 'the file' : `\`${at}\``}: ${issue?.message ?? 'malformed'}`;
}

function isUnknownKeys(issue: z.core.$ZodIssue): issue is z.core.$ZodIssueUnrecognizedKeys {
  return issue.code === 'unrecognized_keys';
}

function deleteKey(root: unknown, path: readonly PropertyKey[], key: string): void {
  let node = root;
  for (const step of path) node = (node as Record<PropertyKey, unknown>)[step];
  Reflect.deleteProperty(node as object, key);
}

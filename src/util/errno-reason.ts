/** Plain words for the `errno` codes a user can fix, keyed by code. */
const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'it does not exist',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EISDIR: 'it is a directory, not a file',
  EEXIST: 'a file is in the way',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'the path has a symbolic link loop',
};

/** The `errno` code of a failed file-system call, if it has one. */
export function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Why a file-system call failed, in words (`permission denied`), or `error <CODE>`. */
export function errnoReason(error: unknown): string {
  const code = errnoOf(error);
  if (code === undefined) return 'unknown error';
  return REASONS[code] ?? `error ${code}`;
}

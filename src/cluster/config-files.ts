// The one module of src/cluster that touches the local filesystem (lint rule
// omnigraph/cluster-fs): declared configuration lives in the operator's working tree, while
// everything the cluster stores goes through src/storage.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { errnoOf, errnoReason } from '../util/errno-reason.js';
import { fileReadError } from '../util/file-read-error.js';
import { decodeUtf8Strict } from '../util/strict-utf8.js';

/** The configuration file every config directory holds. */
export const CLUSTER_CONFIG_FILE = 'cluster.yaml';

/** A file read from a config directory: its bytes (what digests hash) and their text. */
export interface ConfigFile {
  /** The path as the configuration names it, relative to the config directory. */
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly text: string;
}

/** Why a configuration file or directory could not be read. */
export type ConfigFileFailure =
  | { readonly kind: 'config_dir_missing'; readonly message: string }
  | { readonly kind: 'unsafe_path'; readonly message: string }
  | { readonly kind: 'missing'; readonly message: string }
  | { readonly kind: 'unreadable'; readonly message: string }
  | {
      readonly kind: 'invalid_utf8';
      readonly message: string;
      /** The file, and where in it the first invalid byte is. */
      readonly path: string;
      readonly line: number;
      readonly column: number;
    };

/** A read file, or why there is none. */
export type ConfigFileRead =
  | { readonly ok: true; readonly file: ConfigFile }
  | { readonly ok: false; readonly failure: ConfigFileFailure };

/** The `*.gq` files of a query directory, or why it could not be listed. */
export type QueryDirListing =
  | { readonly ok: true; readonly files: readonly string[] }
  | { readonly ok: false; readonly failure: ConfigFileFailure };

/**
 * Why `relative` may not name a file of a config directory, or undefined when it may. A
 * configuration names only files inside its own directory, so that it means the same on every
 * machine and cannot make a command read arbitrary files: no absolute paths, no `..` leaving the
 * directory, no empty path or NUL byte.
 *
 * @example configPathProblem('../secrets.pg') // "path '../secrets.pg' leaves the config directory"
 */
export function configPathProblem(relative: string): string | undefined {
  if (relative.trim() === '') return 'a path may not be empty';
  if (relative.includes('\0')) return `path '${relative}' contains a NUL byte`;
  if (path.isAbsolute(relative) || path.win32.isAbsolute(relative)) {
    return `path '${relative}' is absolute; name files relative to the config directory`;
  }
  const normalized = path.posix.normalize(relative.replaceAll('\\', '/'));
  if (normalized === '..' || normalized.startsWith('../')) {
    return `path '${relative}' leaves the config directory`;
  }
  return undefined;
}

/**
 * Reads `cluster.yaml` of `configDir`; a missing directory is `config_dir_missing`.
 *
 * @example await readClusterConfig('company-brain') // { ok: true, file: { path: 'cluster.yaml', … } }
 */
export async function readClusterConfig(configDir: string): Promise<ConfigFileRead> {
  const isDir = await stat(configDir).then(
    (info) => info.isDirectory(),
    () => false,
  );
  if (!isDir) {
    const message = `config directory '${configDir}' does not exist or is not a directory`;
    return { ok: false, failure: { kind: 'config_dir_missing', message } };
  }
  return readConfigFile(configDir, CLUSTER_CONFIG_FILE, 'cluster config');
}

/**
 * Reads a file the configuration names, `relative` to `configDir`. `what` names the file's role
 * in messages (`schema` → `cannot read schema file 'people.pg': no such file`). Text is strict
 * UTF-8: an invalid byte is reported with its position, never replaced.
 */
export async function readConfigFile(
  configDir: string,
  relative: string,
  what: string,
): Promise<ConfigFileRead> {
  const problem = configPathProblem(relative);
  if (problem !== undefined) {
    return { ok: false, failure: { kind: 'unsafe_path', message: problem } };
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path.join(configDir, relative)));
  } catch (error) {
    return { ok: false, failure: readFailure(what, relative, error) };
  }
  const decoded = decodeUtf8Strict(bytes);
  if (!decoded.ok) {
    const { line, column, message } = decoded.fault;
    return {
      ok: false,
      failure: {
        kind: 'invalid_utf8',
        path: relative,
        line,
        column,
        message: `${relative}: ${message}`,
      },
    };
  }
  return { ok: true, file: { path: relative, bytes, text: decoded.text } };
}

/**
 * The top-level `*.gq` files of a query directory, as config-relative paths sorted by name
 * (subdirectories are not searched, so a directory's contents are exactly what `ls` shows).
 */
export async function listQueryFiles(
  configDir: string,
  relativeDir: string,
): Promise<QueryDirListing> {
  const problem = configPathProblem(relativeDir);
  if (problem !== undefined) {
    return { ok: false, failure: { kind: 'unsafe_path', message: problem } };
  }
  try {
    const entries = await readdir(path.join(configDir, relativeDir), { withFileTypes: true });
    const names = entries
      .filter((entry) => !entry.isDirectory() && entry.name.endsWith('.gq'))
      .map((entry) => entry.name)
      .sort();
    return { ok: true, files: names.map((name) => path.posix.join(relativeDir, name)) };
  } catch (error) {
    return { ok: false, failure: dirFailure(relativeDir, error) };
  }
}

function readFailure(what: string, relative: string, error: unknown): ConfigFileFailure {
  const omni = fileReadError(what, relative, error);
  return { kind: omni.code === 'not_found' ? 'missing' : 'unreadable', message: omni.message };
}

function dirFailure(relative: string, error: unknown): ConfigFileFailure {
  const message = `cannot list query directory '${relative}': ${errnoReason(error)}`;
  return { kind: errnoOf(error) === 'ENOENT' ? 'missing' : 'unreadable', message };
}

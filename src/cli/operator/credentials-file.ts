import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { errnoOf, errnoReason } from '../../util/errno-reason.js';
import { OmniError } from '../../util/omni-error.js';

/** Server name → bearer token, as the credentials file holds them. */
export type Credentials = ReadonlyMap<string, string>;

/** Group and other permission bits: a file with any of them set is not private. */
const SHARED_BITS = 0o077;
const PRIVATE_MODE = 0o600;

/**
 * Reads the credentials file: `[name]` sections holding `token = <value>` (the value may be
 * quoted; `#` and `;` lines are comments). A missing file holds no credentials. A file that
 * group or others may access is refused with a `configuration` error naming the file and the
 * `chmod` that fixes it: a token readable by others is a leaked token.
 */
export async function readCredentials(file: string): Promise<Credentials> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return new Map();
    throw credentialsError(file, `cannot read it: ${errnoReason(error)}`);
  }
  try {
    const { mode } = await handle.stat();
    if ((mode & SHARED_BITS) !== 0) {
      throw new OmniError(
        'configuration',
        `credentials file '${file}' is accessible by group or others (mode ${octal(mode)}); run \`chmod 600 ${file}\``,
        { details: { file, mode: octal(mode) } },
      );
    }
    return parseCredentials(file, await handle.readFile('utf8'));
  } finally {
    await handle.close();
  }
}

/**
 * Writes the credentials, one section per server in name order, through a private temporary
 * file renamed over the old one: a reader never sees half a file, and the tokens are never
 * readable by others, not even for a moment. The directory is created private when missing.
 */
export async function writeCredentials(file: string, credentials: Credentials): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = path.join(dir, `.credentials.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', PRIVATE_MODE);
    try {
      await handle.writeFile(serializeCredentials(credentials));
      // The umask may have narrowed the mode further, never widened it; pin it exactly.
      await handle.chmod(PRIVATE_MODE);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw credentialsError(file, `cannot write it: ${errnoReason(error)}`);
  }
}

/** The credentials file's text. Tokens never hold whitespace, so they are written bare. */
export function serializeCredentials(credentials: Credentials): string {
  return [...credentials]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, token]) => `[${name}]\ntoken = ${quoteIfNeeded(token)}\n`)
    .join('\n');
}

/** Parses the text of a credentials file; `file` only names it in errors. */
export function parseCredentials(file: string, text: string): Map<string, string> {
  const credentials = new Map<string, string>();
  let section: string | undefined;
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header !== null) {
      section = header[1];
      continue;
    }
    const entry = /^([A-Za-z_]+)\s*=\s*(.*)$/.exec(line);
    if (entry === null || section === undefined) {
      throw credentialsError(file, `line ${index + 1} is neither a [section] nor a key = value`);
    }
    // Other keys are for later versions; only the token is read.
    if (entry[1] === 'token') credentials.set(section, unquote(entry[2] ?? ''));
  }
  return credentials;
}

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value);
  return quoted === null ? value : (quoted[2] ?? '');
}

/** A token that starts with a quote would lose it when read back unless it is quoted. */
function quoteIfNeeded(token: string): string {
  if (!/^["']/.test(token)) return token;
  return token.includes('"') ? `'${token}'` : `"${token}"`;
}

function octal(mode: number): string {
  return `0${(mode & 0o777).toString(8)}`;
}

function credentialsError(file: string, problem: string): OmniError {
  return new OmniError('configuration', `credentials file '${file}': ${problem}`, {
    details: { file },
  });
}

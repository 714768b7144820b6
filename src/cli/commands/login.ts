import type { Command } from 'commander';
import { OmniError } from '../../util/omni-error.js';
import type { CliContext } from '../cli-context.js';
import { credentialName } from '../operator/credential-name.js';
import { readCredentials, writeCredentials } from '../operator/credentials-file.js';
import { rejectScopeFlags } from '../operator/local-command.js';
import { loadOperatorSettings } from '../operator/operator-settings.js';
import { readStdinLine } from '../operator/stdin-line.js';
import { printJson, printLines } from '../output.js';

/** A bearer token is visible ASCII: anything else was pasted by mistake. */
const TOKEN = /^[\x21-\x7e]+$/;

/**
 * `omnigraph login <name> [--token <token>] [--json]`: stores (or rotates) the bearer token of
 * one server in `~/.omnigraph/credentials`. The token comes from `--token` or the first line
 * of stdin (which keeps it out of shell history) and is never printed.
 */
export function registerLogin(program: Command, ctx: CliContext): void {
  program
    .command('login')
    .description('store the bearer token of a server in ~/.omnigraph/credentials')
    .argument('<name>', 'the server: a name under `servers:` or its URL')
    .option('--token <token>', 'the token (default: the first line of stdin)')
    .option('--json', 'print the result as JSON')
    .action(async (ref: string, _flags: unknown, command: Command) => {
      rejectScopeFlags(command, { label: 'login', allow: 'token' });
      // With the globals: a program-wide --token would otherwise take the flag from login.
      const flags = command.optsWithGlobals<{ token?: string; json?: boolean }>();
      const warn = ctx.io.stderr;
      const { paths, config } = await loadOperatorSettings(ctx.io.env, warn);
      const name = credentialName(ref, config, paths.configFile, warn);
      const token = checkedToken(flags.token ?? (await readStdinLine()), name);
      const credentials = new Map(await readCredentials(paths.credentialsFile));
      const rotated = credentials.has(name);
      credentials.set(name, token);
      await writeCredentials(paths.credentialsFile, credentials);
      if (flags.json === true) {
        printJson(ctx.io, { server: name, credentials_file: paths.credentialsFile, rotated });
      } else {
        const verb = rotated ? 'rotated the token of' : 'stored a token for';
        printLines(ctx.io, [`${verb} '${name}' in ${paths.credentialsFile}`]);
      }
    });
}

function checkedToken(token: string | undefined, name: string): string {
  const trimmed = token?.trim() ?? '';
  if (trimmed === '') {
    throw new OmniError(
      'usage',
      `no token provided: pass --token <TOKEN> or pipe it on stdin (\`… | omnigraph login ${name}\`)`,
    );
  }
  // The message never quotes the token: it is a secret even when malformed.
  if (!TOKEN.test(trimmed)) {
    throw new OmniError(
      'usage',
      'the token holds whitespace or characters outside visible ASCII; a bearer token never does',
    );
  }
  return trimmed;
}

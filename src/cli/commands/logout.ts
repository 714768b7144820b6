import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { credentialName } from '../operator/credential-name.js';
import { readCredentials, writeCredentials } from '../operator/credentials-file.js';
import { rejectScopeFlags } from '../operator/local-command.js';
import { loadOperatorSettings } from '../operator/operator-settings.js';
import { tokenEnvName } from '../operator/server-token.js';
import { printJson, printLines } from '../output.js';

/**
 * `omnigraph logout <name> [--json]`: removes the stored token of one server. Idempotent: a
 * server with no stored token is not an error.
 */
export function registerLogout(program: Command, ctx: CliContext): void {
  program
    .command('logout')
    .description('remove the stored bearer token of a server')
    .argument('<name>', 'the server: a name under `servers:` or its URL')
    .option('--json', 'print the result as JSON')
    .action(async (ref: string, flags: { json?: boolean }, command: Command) => {
      rejectScopeFlags(command, { label: 'logout' });
      const warn = ctx.io.stderr;
      const { paths, config } = await loadOperatorSettings(ctx.io.env, warn);
      const name = credentialName(ref, config, paths.configFile, () => undefined);
      const credentials = new Map(await readCredentials(paths.credentialsFile));
      const removed = credentials.delete(name);
      if (removed) await writeCredentials(paths.credentialsFile, credentials);
      const envName = tokenEnvName(name);
      if (ctx.io.env[envName] !== undefined && ctx.io.env[envName] !== '') {
        warn(`warning: ${envName} is set and still supplies a token for '${name}'\n`);
      }
      if (flags.json === true) printJson(ctx.io, { server: name, removed });
      else
        printLines(ctx.io, [
          removed ? `removed the token of '${name}'` : `no token stored for '${name}'`,
        ]);
    });
}

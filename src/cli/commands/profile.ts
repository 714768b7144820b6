import type { Command } from 'commander';
import { OmniError } from '../../util/omni-error.js';
import type { CliContext } from '../cli-context.js';
import { rejectScopeFlags } from '../operator/local-command.js';
import type { OperatorConfig, Profile } from '../operator/operator-config-shape.js';
import { definedNames, loadOperatorSettings } from '../operator/operator-settings.js';
import { printJson, printLines } from '../output.js';

/** A profile as `profile list|show --json` prints it. */
interface ProfileView {
  readonly name: string;
  readonly active: boolean;
  readonly server?: string;
  /** The URL of `server` when it names a configured server. */
  readonly url?: string;
  readonly cluster?: string;
  /** The root of `cluster` when it names a configured cluster. */
  readonly root?: string;
  readonly store?: string;
  readonly default_graph?: string;
}

/**
 * `omnigraph profile list|show [name] [--json]`: the named scopes of the operator config; the
 * active one is `$OMNIGRAPH_PROFILE`.
 */
export function registerProfile(program: Command, ctx: CliContext): void {
  const profile = program.command('profile').description('list and show operator profiles');

  profile
    .command('list')
    .description('list the profiles of the operator config')
    .option('--json', 'print the profiles as JSON')
    .action(async (flags: { json?: boolean }, command: Command) => {
      rejectScopeFlags(command, { label: 'profile list' });
      const { paths, config } = await loadOperatorSettings(ctx.io.env, ctx.io.stderr);
      const views = Object.keys(config.profiles ?? {})
        .sort()
        .map((name) => profileView(config, name, ctx.io.env.OMNIGRAPH_PROFILE));
      if (flags.json === true) printJson(ctx.io, { profiles: views });
      else if (views.length === 0)
        printLines(ctx.io, [`(no profiles defined in '${paths.configFile}')`]);
      else printLines(ctx.io, views.map(listLine));
    });

  profile
    .command('show')
    .description('show one profile (default: $OMNIGRAPH_PROFILE)')
    .argument('[name]', 'the profile')
    .option('--json', 'print the profile as JSON')
    .action(async (name: string | undefined, flags: { json?: boolean }, command: Command) => {
      rejectScopeFlags(command, { label: 'profile show' });
      const { paths, config } = await loadOperatorSettings(ctx.io.env, ctx.io.stderr);
      const active = ctx.io.env.OMNIGRAPH_PROFILE;
      const chosen = name ?? (active === '' ? undefined : active);
      if (chosen === undefined) {
        throw new OmniError('usage', 'no profile to show: pass its name or set $OMNIGRAPH_PROFILE');
      }
      if (config.profiles?.[chosen] === undefined) {
        throw new OmniError(
          'not_found',
          `unknown profile '${chosen}'; profiles defined in '${paths.configFile}': ${definedNames(config.profiles)}`,
          { details: { profile: chosen } },
        );
      }
      const view = profileView(config, chosen, active);
      if (flags.json === true) printJson(ctx.io, view);
      else printLines(ctx.io, showLines(view));
    });
}

function profileView(
  config: OperatorConfig,
  name: string,
  active: string | undefined,
): ProfileView {
  const profile: Profile = config.profiles?.[name] ?? {};
  const url = profile.server === undefined ? undefined : config.servers?.[profile.server]?.url;
  const root = profile.cluster === undefined ? undefined : config.clusters?.[profile.cluster]?.root;
  return {
    name,
    active: name === active,
    ...profile,
    ...(url === undefined ? {} : { url }),
    ...(root === undefined ? {} : { root }),
  };
}

/** `* name  server=prod default_graph=knowledge` (the star marks the active profile). */
function listLine(view: ProfileView): string {
  const fields = (['server', 'cluster', 'store', 'default_graph'] as const)
    .filter((key) => view[key] !== undefined)
    .map((key) => `${key}=${view[key] ?? ''}`);
  return `${view.active ? '*' : ' '} ${view.name}  ${fields.join(' ')}`;
}

function showLines(view: ProfileView): string[] {
  const keys = ['server', 'url', 'cluster', 'root', 'store', 'default_graph'] as const;
  return [
    `profile: ${view.name}${view.active ? ' (active)' : ''}`,
    ...keys.filter((key) => view[key] !== undefined).map((key) => `${key}: ${view[key] ?? ''}`),
  ];
}

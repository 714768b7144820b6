import { describe, expect, it } from 'vitest';
import { operatorHome } from './operator-home.js';

/** Runs `profile list` against a config and returns its stderr and exit code. */
async function listWith(config: string): Promise<{ code: number; err: string; out: string }> {
  const home = await operatorHome(config);
  return home.run(['profile', 'list']);
}

describe('the operator config', () => {
  it('is empty when the file is missing', async () => {
    const home = await operatorHome();
    expect(await home.run(['profile', 'list'])).toEqual({
      code: 0,
      out: `(no profiles defined in '${home.configFile}')\n`,
      err: '',
    });
  });

  it('warns about an unknown key and ignores it', async () => {
    const home = await operatorHome(
      'servers:\n  prod: { url: "http://p", token: s }\nfuture: 1\nprofiles:\n  p: { server: prod }\n',
    );
    const run = await home.run(['profile', 'list']);
    expect(run.code).toBe(0);
    expect(run.err).toBe(
      [
        `warning: unknown key \`servers.prod.token\` (newer CLI feature or typo); ignored in operator config '${home.configFile}'`,
        `warning: unknown key \`future\` (newer CLI feature or typo); ignored in operator config '${home.configFile}'`,
        '',
      ].join('\n'),
    );
    expect(run.out).toBe('  p  server=prod\n');
  });

  it.each([
    [
      'defaults: { server: a, store: ./g }',
      '`defaults` sets both `server` and `store`; a default scope binds one entity',
    ],
    [
      'defaults: { store: ./g, default_graph: x }',
      '`defaults` sets both `store` and `default_graph`; a store is already a single graph',
    ],
    [
      'profiles: { p: { default_graph: x } }',
      'profile `p` binds none of them; a profile binds exactly one of `server`, `cluster`, `store`',
    ],
    [
      'profiles: { p: { server: a, cluster: c } }',
      'profile `p` binds `server` and `cluster`; a profile binds exactly one of',
    ],
    [
      'profiles: { p: { store: ./g, default_graph: x } }',
      'profile `p` sets both `store` and `default_graph`; a store is already a single graph',
    ],
  ])('refuses %s', async (config, message) => {
    const run = await listWith(config);
    expect(run.code).toBe(1);
    expect(run.err).toContain(message);
  });

  it('refuses a malformed file, naming it and the key', async () => {
    expect((await listWith('servers: [')).err).toMatch(
      /operator config '.*config.yaml': not valid YAML/,
    );
    expect((await listWith('servers:\n  p: { url: "ftp://x" }')).err).toContain(
      '`servers.p.url`: must be an http:// or https:// URL',
    );
    expect((await listWith('defaults: { output: xml }')).err).toContain('`defaults.output`');
  });
});

describe('omnigraph profile', () => {
  const config = [
    'servers: { prod: { url: "http://prod:8080" } }',
    'clusters: { lake: { root: "s3://b/c" } }',
    'profiles:',
    '  work: { server: prod, default_graph: kg }',
    '  ops: { cluster: lake }',
    '  local: { store: ./graph }',
  ].join('\n');

  it('lists profiles, marking the active one', async () => {
    const home = await operatorHome(config);
    const run = await home.run(['profile', 'list'], { OMNIGRAPH_PROFILE: 'work' });
    expect(run.out).toBe(
      [
        '  local  store=./graph',
        '  ops  cluster=lake',
        '* work  server=prod default_graph=kg',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await home.run(['profile', 'list', '--json'])).out) as unknown;
    expect(json).toEqual({
      profiles: [
        { name: 'local', active: false, store: './graph' },
        { name: 'ops', active: false, cluster: 'lake', root: 's3://b/c' },
        {
          name: 'work',
          active: false,
          server: 'prod',
          url: 'http://prod:8080',
          default_graph: 'kg',
        },
      ],
    });
  });

  it('shows one profile, by name or $OMNIGRAPH_PROFILE', async () => {
    const home = await operatorHome(config);
    expect((await home.run(['profile', 'show', 'work'])).out).toBe(
      'profile: work\nserver: prod\nurl: http://prod:8080\ndefault_graph: kg\n',
    );
    const active = await home.run(['profile', 'show', '--json'], { OMNIGRAPH_PROFILE: 'ops' });
    expect(JSON.parse(active.out)).toEqual({
      name: 'ops',
      active: true,
      cluster: 'lake',
      root: 's3://b/c',
    });
    const unknown = await home.run(['profile', 'show', 'wrk']);
    expect(unknown.err).toContain("unknown profile 'wrk'; profiles defined in");
    expect((await home.run(['profile', 'show'])).err).toContain(
      'no profile to show: pass its name or set $OMNIGRAPH_PROFILE',
    );
  });
});

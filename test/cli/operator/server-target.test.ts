import { describe, expect, it } from 'vitest';
import { resolveServerTarget } from '../../../src/cli/operator/index.js';
import { matchServer } from '../../../src/cli/operator/server-url.js';
import { operatorHome } from './operator-home.js';

const servers = {
  root: { url: 'http://h:8080' },
  api: { url: 'http://h:8080/api/' },
  secure: { url: 'https://Secure.Example' },
};

describe('matching a URL to the server its token is keyed to', () => {
  it('takes the longest prefix that ends at a / boundary', () => {
    expect(matchServer('http://h:8080/api/graphs/x', servers)).toBe('api');
    expect(matchServer('http://h:8080/api', servers)).toBe('api');
    expect(matchServer('http://h:8080/apix', servers)).toBe('root');
    expect(matchServer('http://h:8080/', servers)).toBe('root');
  });

  it('never matches a host, port or path that only starts with the same text', () => {
    expect(matchServer('http://h:8080-evil/', servers)).toBeUndefined();
    expect(matchServer('http://h:8081/api', servers)).toBeUndefined();
    expect(matchServer('http://h.evil:8080/', servers)).toBeUndefined();
    expect(matchServer('https://h:8080/', servers)).toBeUndefined();
    expect(matchServer('http://user@h:8080/', servers)).toBeUndefined();
  });

  it('compares scheme and host case-insensitively and drops default ports', () => {
    expect(matchServer('HTTPS://secure.example:443/graphs/g?x=1', servers)).toBe('secure');
    expect(matchServer('HTTP://H:8080/api/', servers)).toBe('api');
    expect(matchServer('http://h:8080/API', servers)).toBe('root');
  });
});

describe('resolveServerTarget', () => {
  const config = [
    'servers:',
    '  prod: { url: "http://prod:8080/" }',
    '  intel-dev: { url: "http://dev:9000" }',
    'defaults: { server: prod, default_graph: main-graph }',
    'profiles:',
    '  dev: { server: intel-dev, default_graph: kg }',
    '  lake: { cluster: c1 }',
  ].join('\n');

  it('resolves a name, a URL, a profile and the defaults', async () => {
    const { dir } = await operatorHome(config);
    const env = { OMNIGRAPH_HOME: dir };
    expect(await resolveServerTarget({ server: 'prod' }, env)).toEqual({
      url: 'http://prod:8080',
      name: 'prod',
    });
    expect(await resolveServerTarget({ server: 'http://dev:9000/x/' }, env)).toEqual({
      url: 'http://dev:9000/x',
      name: 'intel-dev',
    });
    expect(await resolveServerTarget({ profile: 'dev' }, env)).toMatchObject({
      name: 'intel-dev',
      graph: 'kg',
    });
    expect(await resolveServerTarget({}, { ...env, OMNIGRAPH_PROFILE: 'dev' })).toMatchObject({
      graph: 'kg',
    });
    expect(await resolveServerTarget({}, env)).toEqual({
      url: 'http://prod:8080',
      name: 'prod',
      graph: 'main-graph',
    });
  });

  it('keys tokens: OMNIGRAPH_TOKEN_<NAME> beats the file, which beats OMNIGRAPH_BEARER_TOKEN', async () => {
    const home = await operatorHome(config);
    await home.run(['login', 'intel-dev', '--token', 'from-file']);
    const env = { OMNIGRAPH_HOME: home.dir, OMNIGRAPH_BEARER_TOKEN: 'generic' };
    const token = async (server: string, extra: Record<string, string> = {}) =>
      (await resolveServerTarget({ server }, { ...env, ...extra })).token;
    expect(await token('intel-dev', { OMNIGRAPH_TOKEN_INTEL_DEV: 'from-env' })).toBe('from-env');
    expect(await token('intel-dev')).toBe('from-file');
    expect(await token('prod')).toBe('generic');
    // A URL no server matches gets only the generic token, never a keyed one.
    expect(await token('http://dev.evil:9000/', { OMNIGRAPH_TOKEN_INTEL_DEV: 'k' })).toBe(
      'generic',
    );
    expect(await token('http://dev:9001/')).toBe('generic');
    // Not a URL at all (the port is not a number): refused, never matched by text.
    await expect(token('http://dev:9000-evil/')).rejects.toThrow(/is not an http:\/\/ or https/);
  });

  it('names what is defined when the server or profile is unknown', async () => {
    const { dir } = await operatorHome(config);
    const env = { OMNIGRAPH_HOME: dir };
    await expect(resolveServerTarget({ server: 'prd' }, env)).rejects.toThrow(
      /unknown server 'prd'; servers defined in '.*': intel-dev, prod/,
    );
    await expect(resolveServerTarget({ profile: 'x' }, env)).rejects.toThrow(/profiles defined/);
    await expect(resolveServerTarget({ profile: 'lake' }, env)).rejects.toThrow(
      "profile 'lake' binds a cluster, not a server",
    );
  });

  it('says how to choose a server when nothing selects one', async () => {
    const { dir } = await operatorHome();
    await expect(resolveServerTarget({}, { OMNIGRAPH_HOME: dir })).rejects.toThrow(
      /no server to address: pass --server <name\|url> or --profile <name>/,
    );
  });
});

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveServerTarget } from '../../../src/cli/operator/index.js';
import { operatorHome } from './operator-home.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
const CONFIG =
  'servers:\n  prod: { url: "http://prod.example:8080" }\n  intel-dev: { url: "https://dev.example/api/" }\n';

describe('omnigraph login and logout', () => {
  it('stores the token in a 0600 credentials file and never prints it', async () => {
    const home = await operatorHome(CONFIG);
    const login = await home.run(['login', 'prod', '--token', 'tok-123']);
    expect(login.code).toBe(0);
    expect(login.out + login.err).not.toContain('tok-123');
    expect((await stat(home.credentialsFile)).mode & 0o777).toBe(0o600);
    expect(await readFile(home.credentialsFile, 'utf8')).toBe('[prod]\ntoken = tok-123\n');
    const target = await resolveServerTarget({ server: 'prod' }, { OMNIGRAPH_HOME: home.dir });
    expect(target).toEqual({ url: 'http://prod.example:8080', name: 'prod', token: 'tok-123' });
  });

  it('rotates one section and keeps its siblings', async () => {
    const home = await operatorHome(CONFIG);
    await home.run(['login', 'prod', '--token', 'a']);
    await home.run(['login', 'intel-dev', '--token', 'b']);
    const rotate = await home.run(['login', 'prod', '--token', 'c', '--json']);
    expect(JSON.parse(rotate.out)).toMatchObject({ server: 'prod', rotated: true });
    expect(await readFile(home.credentialsFile, 'utf8')).toBe(
      '[intel-dev]\ntoken = b\n\n[prod]\ntoken = c\n',
    );
  });

  it('refuses a credentials file that group or others can read, naming the chmod', async () => {
    const home = await operatorHome(CONFIG);
    await writeFile(home.credentialsFile, '[prod]\ntoken = leaked\n');
    await chmod(home.credentialsFile, 0o644);
    const login = await home.run(['login', 'prod', '--token', 'x']);
    expect(login.code).toBe(1);
    expect(login.err).toContain(`run \`chmod 600 ${home.credentialsFile}\``);
    expect(login.err).not.toContain('leaked');
    await expect(
      resolveServerTarget({ server: 'prod' }, { OMNIGRAPH_HOME: home.dir }),
    ).rejects.toThrow(/accessible by group or others \(mode 0644\)/);
  });

  it('logout revokes the token and is idempotent', async () => {
    const home = await operatorHome(CONFIG);
    await home.run(['login', 'prod', '--token', 'a']);
    await home.run(['login', 'intel-dev', '--token', 'b']);
    const first = await home.run(['logout', 'prod', '--json']);
    expect(JSON.parse(first.out)).toEqual({ server: 'prod', removed: true });
    const target = await resolveServerTarget({ server: 'prod' }, { OMNIGRAPH_HOME: home.dir });
    expect(target.token).toBeUndefined();
    const again = await home.run(['logout', 'prod']);
    expect(again).toMatchObject({ code: 0, out: "no token stored for 'prod'\n" });
    expect(await readFile(home.credentialsFile, 'utf8')).toBe('[intel-dev]\ntoken = b\n');
  });

  it('keys a login by URL to the configured server, and refuses a URL no server matches', async () => {
    const home = await operatorHome(CONFIG);
    expect(
      (await home.run(['login', 'https://DEV.example/api/graphs/x', '--token', 't'])).out,
    ).toContain("'intel-dev'");
    const stray = await home.run(['login', 'https://dev.example/apix', '--token', 't']);
    expect(stray.code).toBe(2);
    expect(stray.err).toContain('credentials are keyed by server name');
  });

  it('warns, but stores, a token for a server not declared yet', async () => {
    const home = await operatorHome();
    const login = await home.run(['login', 'later', '--token', 't']);
    expect(login.code).toBe(0);
    expect(login.err).toContain("warning: server 'later' is not defined under `servers:`");
  });

  it('refuses a login without a token, and scope flags', async () => {
    const home = await operatorHome(CONFIG);
    const empty = await home.run(['login', 'prod', '--token', ' ']);
    expect(empty.err).toContain(
      'error: no token provided: pass --token <TOKEN> or pipe it on stdin',
    );
    const scoped = await home.run(['logout', 'prod', '--store', './g']);
    expect(scoped.err).toContain(
      '`logout` is a local command; --store addresses a graph in storage',
    );
  });

  it('reads the token from one line of stdin in the real binary', async () => {
    const home = await operatorHome(CONFIG);
    const bin = path.join(root, 'src/cli/omnigraph.ts');
    const login = run(process.execPath, ['--import', 'tsx', bin, 'login', 'prod'], {
      cwd: root,
      env: { ...process.env, OMNIGRAPH_HOME: home.dir },
    });
    login.child.stdin?.end('piped-secret\nsecond line\n');
    const { stdout, stderr } = await login;
    expect(stdout + stderr).not.toContain('piped-secret');
    expect(await readFile(home.credentialsFile, 'utf8')).toBe('[prod]\ntoken = piped-secret\n');
  });
});

// The parity referee: every forked data-plane verb runs once against a local graph and once
// against the same fixture's twin behind `omnigraph-server`, with the same actor (`--as`
// locally, the bearer token's remotely) and the same policy bundle on both arms. Volatile
// fields (ids, times, locations, measured durations) scrub to placeholders; everything else,
// and the exit code, must match exactly. Not forked, so not refereed: `graphs list` and stored
// queries (served only), `schema plan` and a served graph's `schema apply` (a cluster-managed
// graph changes schema through `cluster apply`).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACTOR,
  cli,
  GRAPH,
  servedFixture,
  TOKEN,
  type CliRun,
  type ServedFixture,
} from './served-fixture.js';

/** One arm: how it addresses the graph, and the strings that name its location. */
interface Arm {
  readonly name: 'local' | 'served';
  readonly scope: readonly string[];
  readonly locations: readonly string[];
}

/** A case: its argv after the scope flags, computed per arm when it needs the arm's ids. */
interface ParityCase {
  readonly name: string;
  readonly args: (arm: Arm) => Promise<readonly string[]> | readonly string[];
}

/** Cases whose arms are known to disagree, each with the issue that tracks it. */
const KNOWN_DIVERGENCES: readonly string[] = [];

const PEOPLE = `query people() {
    match { $p: Person }
    return { $p.name, $p.age }
    order { $p.name asc }
}`;
const ADD = `query add($name: String, $age: I32?) {
    insert Person { name: $name, age: $age }
}`;
const AGE = `query set_age($name: String, $age: I32) {
    update Person set { age: $age } where name = $name
}`;
/** 64-bit integers, small and past 2^53, and a float JSON writes as a long integer. */
const WIDE = `query wide() {
    match { $a: Account }
    return { $a.name, $a.balance, $a.units, $a.ledger, $a.ratio }
    order { $a.name asc }
}`;
const COUNT = 'query total() { match { $a: Account } return { count($a) as total } }';
const UNKNOWN_COMMIT = '01AAAAAAAAAAAAAAAAAAAAAAAA';

let fixture: ServedFixture;
let arms: readonly Arm[];

async function run(arm: Arm, args: readonly string[]): Promise<CliRun> {
  return cli([...arm.scope, ...args], fixture.dir);
}

/** The head commit of `main` on one arm. */
async function head(arm: Arm, branch = 'main'): Promise<string> {
  return commitAt(arm, 0, branch);
}

/** The commit `back` commits behind the head of `branch` on one arm. */
async function commitAt(arm: Arm, back: number, branch = 'main'): Promise<string> {
  const listed = await run(arm, ['commit', 'list', '--branch', branch, '--json']);
  return (JSON.parse(listed.out) as { commits: { graph_commit_id: string }[] }).commits[back]
    ?.graph_commit_id as string;
}

function scrub(text: string, arm: Arm): string {
  let scrubbed = text;
  for (const location of arm.locations) scrubbed = scrubbed.split(location).join('<URI>');
  return (
    scrubbed
      // Change-feed cursors and page tokens (opaque; they name commit ids).
      .replace(
        /("?(?:cursor|resume_cursor|next_page_token)"?:\s*"?)[A-Za-z0-9_-]{8,}/g,
        '$1<TOKEN>',
      )
      // Commit ids, whole or as the short prefixes `commit list` shows (a letter tells them from
      // the wide integers some cases read).
      .replace(/\b(?=[0-9]*[A-HJKMNP-TV-Z])[0-9A-HJKMNP-TV-Z]{12,26}\b/g, '<ID>')
      .replace(/("?(?:created_at|authored_at)"?:\s*)\d+/g, '$1<TIME>')
      // The UTC times of `commit list`.
      .replace(/\b\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ/g, '<UTC>')
      .replace(/("(?:elapsed_ms|total_ms)":\s*)[0-9.e+-]+/g, '$1<MS>')
      .replace(/\b(time=|total )[0-9.]+ms\b/g, '$1<MS>')
      // What each arm's read caches hold depends on its own history.
      .replace(/^caches [0-9.]+ of [0-9.]+ MiB: .*$/gm, 'caches <CACHES>')
      .replace(
        /("caches":\s*)\{\s*"budget_bytes"[^{}]*\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}\s*\}/g,
        '$1"<CACHES>"',
      )
      .replace(/\((served|direct, local)\)/g, '(<WHERE>)')
  );
}

const CASES: readonly ParityCase[] = [
  { name: 'snapshot --json', args: () => ['snapshot', '--json'] },
  { name: 'snapshot', args: () => ['snapshot'] },
  { name: 'query -e --json', args: () => ['query', '-e', PEOPLE, '--json'] },
  { name: 'query --format csv', args: () => ['query', '-e', PEOPLE, '--format', 'csv'] },
  { name: 'query parse error', args: () => ['query', '-e', 'query q {', '--json'] },
  {
    name: 'query param error',
    args: () => [
      'query',
      '-e',
      'query q($n: I32) { match { $p: Person { age: $n } } return { $p.name } }',
      '--params',
      '{"n":"x"}',
    ],
  },
  {
    name: 'query unknown branch',
    args: () => ['query', '-e', PEOPLE, '--branch', 'nope', '--json'],
  },
  { name: 'query wide integers --json', args: () => ['query', '-e', WIDE, '--json'] },
  { name: 'query wide integers csv', args: () => ['query', '-e', WIDE, '--format', 'csv'] },
  { name: 'query wide integers jsonl', args: () => ['query', '-e', WIDE, '--format', 'jsonl'] },
  { name: 'query wide integers', args: () => ['query', '-e', WIDE] },
  { name: 'query count --json', args: () => ['query', '-e', COUNT, '--json'] },
  { name: 'query --explain', args: () => ['query', '-e', PEOPLE, '--explain'] },
  { name: 'query --explain --json', args: () => ['query', '-e', WIDE, '--explain', '--json'] },
  {
    name: 'query --explain parse error',
    args: () => ['query', '-e', 'query q {', '--explain', '--json'],
  },
  {
    name: 'query --explain unknown branch',
    args: () => ['query', '-e', PEOPLE, '--explain', '--branch', 'nope'],
  },
  { name: 'query --analyze --json', args: () => ['query', '-e', PEOPLE, '--analyze', '--json'] },
  { name: 'query --analyze', args: () => ['query', '-e', WIDE, '--analyze'] },
  {
    name: 'query --snapshot',
    args: async (arm) => ['query', '-e', PEOPLE, '--snapshot', await head(arm), '--json'],
  },
  {
    name: 'snapshot --snapshot',
    args: async (arm) => ['snapshot', '--snapshot', await head(arm), '--json'],
  },
  {
    name: 'export --snapshot',
    args: async (arm) => ['export', '--snapshot', await head(arm), '--type', 'Account'],
  },
  {
    name: 'mutate --json',
    args: () => ['mutate', '-e', ADD, '--params', '{"name":"Eve","age":41}', '--json'],
  },
  { name: 'mutate', args: () => ['mutate', '-e', ADD, '--params', '{"name":"Fay"}'] },
  {
    name: 'mutate --if-commit stale',
    args: () => [
      'mutate',
      '-e',
      ADD,
      '--params',
      '{"name":"Gus"}',
      '--if-commit',
      '01AAAAAAAAAAAAAAAAAAAAAAAA',
      '--json',
    ],
  },
  {
    name: 'mutate --if-commit stale (human)',
    args: () => [
      'mutate',
      '-e',
      ADD,
      '--params',
      '{"name":"Gus"}',
      '--if-commit',
      '01AAAAAAAAAAAAAAAAAAAAAAAA',
    ],
  },
  {
    name: 'mutate --if-commit head',
    args: async (arm) => [
      'mutate',
      '-e',
      ADD,
      '--params',
      '{"name":"Gus"}',
      '--if-commit',
      await head(arm),
      '--json',
    ],
  },
  {
    name: 'mutate key conflict',
    args: () => ['mutate', '-e', ADD, '--params', '{"name":"Gus"}', '--json'],
  },
  {
    name: 'load append --json',
    args: () => ['load', '--data', 'more.jsonl', '--mode', 'append', '--json'],
  },
  {
    name: 'load append key conflict',
    args: () => ['load', '--data', 'more.jsonl', '--mode', 'append', '--json'],
  },
  {
    name: 'load merge new branch',
    args: () => [
      'load',
      '--data',
      'more.jsonl',
      '--mode',
      'merge',
      '--branch',
      'ingest',
      '--from',
      'main',
    ],
  },
  {
    name: 'load missing branch',
    args: () => ['load', '--data', 'more.jsonl', '--mode', 'merge', '--branch', 'none', '--json'],
  },
  {
    name: 'load missing file',
    args: () => ['load', '--data', 'absent.jsonl', '--mode', 'merge', '--json'],
  },
  { name: 'export', args: () => ['export'] },
  { name: 'export --type', args: () => ['export', '--type', 'Person', '--branch', 'ingest'] },
  { name: 'export unknown type', args: () => ['export', '--type', 'Nope'] },
  {
    name: 'load wide integers --json',
    args: () => ['load', '--data', 'wide.jsonl', '--mode', 'append', '--json'],
  },
  { name: 'query wide integers after the load', args: () => ['query', '-e', WIDE, '--json'] },
  {
    name: 'commit changes of wide integers',
    args: async (arm) => ['commit', 'changes', await head(arm)],
  },
  {
    name: 'commit changes of wide integers --json',
    args: async (arm) => ['commit', 'changes', await head(arm), '--json'],
  },
  {
    name: 'mutate with a wide integer param --json',
    args: () => [
      'mutate',
      '-e',
      'query open_account($b: I64, $u: U64) { insert Account { name: "param", balance: $b, units: $u } }',
      '--params',
      '{"b": -9007199254740995, "u": 9223372036854775806}',
      '--json',
    ],
  },
  {
    name: 'query with a wide integer param',
    args: () => [
      'query',
      '-e',
      'query by_balance($b: I64) { match { $a: Account $a.balance = $b } return { $a.name, $a.balance, $a.units } }',
      '--params',
      '{"b": -9007199254740995}',
      '--json',
    ],
  },
  {
    name: 'export --snapshot before the load',
    args: async (arm) => ['export', '--snapshot', await commitAt(arm, 1), '--type', 'Account'],
  },
  { name: 'export --snapshot unknown', args: () => ['export', '--snapshot', UNKNOWN_COMMIT] },
  { name: 'branch create', args: () => ['branch', 'create', 'feature/a', '--json'] },
  { name: 'branch create exists', args: () => ['branch', 'create', 'feature/a'] },
  { name: 'branch list', args: () => ['branch', 'list', '--json'] },
  {
    name: 'mutate on branch',
    args: () => [
      'mutate',
      '-e',
      AGE,
      '--params',
      '{"name":"Alice","age":50}',
      '--branch',
      'feature/a',
    ],
  },
  {
    name: 'mutate on main',
    args: () => ['mutate', '-e', AGE, '--params', '{"name":"Alice","age":60}'],
  },
  { name: 'branch diff', args: () => ['branch', 'diff', 'feature/a'] },
  { name: 'branch diff --json', args: () => ['branch', 'diff', 'feature/a', '--json'] },
  {
    name: 'branch diff two-point --op',
    args: () => ['branch', 'diff', 'main', 'feature/a', '--op', 'update', '--json'],
  },
  {
    name: 'branch diff --into paged',
    args: () => ['branch', 'diff', 'main', '--into', 'ingest', '--limit', '1'],
  },
  {
    name: 'branch diff one page',
    args: () => ['branch', 'diff', 'ingest', '--limit', '1', '--json'],
  },
  {
    name: 'branch diff commit to branch',
    args: async (arm) => ['branch', 'diff', await commitAt(arm, 1), 'main'],
  },
  { name: 'branch diff unknown', args: () => ['branch', 'diff', 'nope', '--json'] },
  {
    name: 'branch diff bad page token',
    args: () => ['branch', 'diff', 'ingest', '--page-token', 'x', '--json'],
  },
  {
    name: 'branch merge --dry-run conflict',
    args: () => ['branch', 'merge', 'feature/a', '--dry-run', '--json'],
  },
  {
    name: 'branch merge --dry-run (human)',
    args: () => ['branch', 'merge', 'ingest', '--dry-run'],
  },
  {
    name: 'branch merge --dry-run --delete-branch',
    args: () => ['branch', 'merge', 'ingest', '--dry-run', '--delete-branch'],
  },
  { name: 'branch merge conflict', args: () => ['branch', 'merge', 'feature/a', '--json'] },
  { name: 'branch merge', args: () => ['branch', 'merge', 'ingest', '--delete-branch'] },
  { name: 'branch delete', args: () => ['branch', 'delete', 'feature/a', '--yes', '--json'] },
  { name: 'branch delete unknown', args: () => ['branch', 'delete', 'nope', '--yes', '--json'] },
  {
    name: 'mutate --message --json',
    args: () => [
      'mutate',
      '-e',
      ADD,
      '--params',
      '{"name":"Jan"}',
      '--message',
      'add Jan ✓\nwith a second line',
      '--json',
    ],
  },
  {
    name: 'load -m',
    args: () => ['load', '--data', 'extra.jsonl', '--mode', 'merge', '-m', 'extra people'],
  },
  { name: 'branch create for merge', args: () => ['branch', 'create', 'feature/b'] },
  {
    name: 'mutate on branch, no message',
    args: () => ['mutate', '-e', ADD, '--params', '{"name":"Kit"}', '--branch', 'feature/b'],
  },
  {
    name: 'branch merge -m --json',
    args: () => ['branch', 'merge', 'feature/b', '-m', 'merge b', '--json'],
  },
  {
    name: 'mutate --message too long',
    args: () => ['mutate', '-e', ADD, '--params', '{"name":"Zed"}', '--message', 'x'.repeat(4097)],
  },
  {
    name: 'load --message lone surrogate --json',
    args: () => ['load', '--data', 'extra.jsonl', '--mode', 'merge', '-m', 'a\ud800', '--json'],
  },
  { name: 'commit list --json', args: () => ['commit', 'list', '--json'] },
  { name: 'commit list --branch', args: () => ['commit', 'list', '--branch', 'feature/b'] },
  { name: 'commit show (human)', args: async (arm) => ['commit', 'show', await head(arm)] },
  { name: 'commit list', args: () => ['commit', 'list'] },
  { name: 'commit show', args: async (arm) => ['commit', 'show', await head(arm), '--json'] },
  { name: 'commit show unknown', args: () => ['commit', 'show', '01AAAAAAAAAAAAAAAAAAAAAAAA'] },
  { name: 'commit changes', args: async (arm) => ['commit', 'changes', await head(arm), '--json'] },
  {
    name: 'commit changes paged',
    args: async (arm) => ['commit', 'changes', await head(arm), '--limit', '1'],
  },
  {
    name: 'commit changes resource_limit',
    args: async (arm) => ['commit', 'changes', await head(arm), '--limit', '9000', '--json'],
  },
  {
    name: 'changes poll --start beginning',
    args: () => ['changes', 'poll', '--start', 'beginning', '--type', 'Person'],
  },
  {
    name: 'changes poll paged --json',
    args: () => [
      'changes',
      'poll',
      '--start',
      'beginning',
      '--limit',
      '2',
      '--kind',
      'node',
      '--json',
    ],
  },
  {
    name: 'changes poll --start after',
    args: async (arm) => ['changes', 'poll', '--start', `after:${await commitAt(arm, 2)}`],
  },
  { name: 'changes poll (now)', args: () => ['changes', 'poll', '--json'] },
  {
    name: 'changes poll exclusive flags',
    args: () => ['changes', 'poll', '--start', 'now', '--cursor', 'abc'],
  },
  { name: 'changes poll bad start', args: () => ['changes', 'poll', '--start', 'later'] },
  { name: 'changes poll bad cursor', args: () => ['changes', 'poll', '--cursor', 'abc', '--json'] },
  {
    name: 'changes poll unknown branch',
    args: () => ['changes', 'poll', '--branch', 'nope'],
  },
  {
    name: 'changes baseline',
    args: (arm) => ['changes', 'baseline', '--type', 'Person', '--out', `base-${arm.name}.jsonl`],
  },
  {
    name: 'changes baseline --json',
    args: (arm) => ['changes', 'baseline', '--out', `base-all-${arm.name}.jsonl`, '--json'],
  },
  { name: 'schema show', args: () => ['schema', 'show', '--json'] },
];

describe('parity referee: local graph vs served twin', () => {
  beforeAll(async () => {
    fixture = await servedFixture();
    await writeFile(
      path.join(fixture.dir, 'more.jsonl'),
      ['Hal', 'Ida'].map((name) => JSON.stringify({ type: 'Person', data: { name } })).join('\n'),
    );
    await writeFile(
      path.join(fixture.dir, 'extra.jsonl'),
      ['Lea', 'Max'].map((name) => JSON.stringify({ type: 'Person', data: { name } })).join('\n'),
    );
    await writeFile(
      path.join(fixture.dir, 'wide.jsonl'),
      '{"type":"Account","data":{"name":"later","balance":-9007199254740993,"units":9007199254740993,"ledger":[9223372036854775807]}}\n',
    );
    arms = [
      {
        name: 'local',
        scope: ['--store', fixture.twinRoot, '--as', ACTOR, '--policy', fixture.policyFile],
        locations: [`file://${fixture.twinRoot}`, fixture.twinRoot],
      },
      {
        name: 'served',
        scope: ['--server', fixture.url, '--graph', GRAPH, '--token', TOKEN],
        locations: [fixture.servedRoot, `${fixture.url}/graphs/${GRAPH}`],
      },
    ];
  }, 90_000);
  afterAll(async () => fixture.stop());

  it('agrees on every case, in order (the ledger of known divergences stays empty)', async () => {
    const divergent: string[] = [];
    for (const parityCase of CASES) {
      const [local, served] = await Promise.all(
        arms.map(async (arm) => {
          const result = await run(arm, await parityCase.args(arm));
          return { code: result.code, out: scrub(result.out, arm), err: scrub(result.err, arm) };
        }),
      );
      if (KNOWN_DIVERGENCES.includes(parityCase.name)) continue;
      if (JSON.stringify(local) !== JSON.stringify(served)) divergent.push(parityCase.name);
      expect.soft(served, parityCase.name).toEqual(local);
    }
    expect(divergent).toEqual([]);
    expect(KNOWN_DIVERGENCES).toEqual([]);
    // Both arms wrote the same baseline files.
    for (const name of ['base', 'base-all'])
      expect(await readFile(path.join(fixture.dir, `${name}-served.jsonl`), 'utf8')).toBe(
        await readFile(path.join(fixture.dir, `${name}-local.jsonl`), 'utf8'),
      );
  }, 120_000);
});

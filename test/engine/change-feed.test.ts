import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import type {
  ChangeBlockOutput,
  ChangeFeedOutput,
  ChangeFeedRequest,
  ChangesBaselineRecord,
} from '../../src/api/index.js';
import { CUTOFF_MARGIN_MS } from '../../src/engine/maintenance/cleanup-plan.js';
import { Omnigraph } from '../../src/engine/omnigraph.js';
import { OmniError } from '../../src/util/omni-error.js';
import {
  describeOnBackends,
  edgeLine,
  expectOmniError,
  freshGraph,
  ndjson,
  personLine,
} from './graph-helpers.js';
import { testSettings } from '../helpers/s3-env.js';

/** The changes of blocks as `commit-index op Type id` rows (commit ids as given). */
function rows(blocks: readonly ChangeBlockOutput[]): string[] {
  return blocks.flatMap((block) =>
    block.changes.map((c) => `${c.op} ${c.kind} ${c.type.name} ${c.id}`),
  );
}

/** Every page of one poll; checks that only the terminal page has a cursor. */
async function pollAll(
  graph: Omnigraph,
  request: ChangeFeedRequest,
  options: { maxCommits?: number } = {},
): Promise<{ blocks: ChangeBlockOutput[]; pages: ChangeFeedOutput[]; last: ChangeFeedOutput }> {
  const base = { ...request, cursor: undefined, start: undefined, page_token: undefined };
  const pages: ChangeFeedOutput[] = [];
  let page = await graph.pollChanges(request, options);
  pages.push(page);
  while (page.next_page_token !== undefined) {
    expect(page.cursor).toBeUndefined();
    expect(page.caught_up).toBeUndefined();
    page = await graph.pollChanges(
      stripUndefined({ ...base, page_token: page.next_page_token }),
      options,
    );
    pages.push(page);
  }
  expect(page.cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  expect(typeof page.caught_up).toBe('boolean');
  return { blocks: pages.flatMap((p) => p.blocks), pages, last: page };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

async function headOf(graph: Omnigraph, branch = 'main'): Promise<string> {
  const [head] = (await graph.listCommits({ branch })).commits;
  if (!head) throw new Error(`no commit on ${branch}`);
  return head.graph_commit_id;
}

async function addPeople(graph: Omnigraph, names: readonly string[], branch?: string) {
  const result = await graph.load({
    data: ndjson(...names.map((name) => personLine(name, 1))),
    mode: 'append',
    ...(branch === undefined ? {} : { branch }),
  });
  return result.commit!.graph_commit_id;
}

async function baselineOf(
  graph: Omnigraph,
  request: Parameters<Omnigraph['changesBaseline']>[0] = {},
): Promise<{ records: string[]; baseline: ChangesBaselineRecord['baseline'] }> {
  const lines: string[] = [];
  for await (const line of graph.changesBaseline(request)) lines.push(line);
  const last = lines.pop();
  const parsed = JSON.parse(last ?? '{}') as ChangesBaselineRecord;
  expect(Object.keys(parsed)).toEqual(['baseline']);
  return { records: lines, baseline: parsed.baseline };
}

describeOnBackends('change feed', (backend) => {
  it('starts now (no replay), at the beginning (with inherited history) or after a commit', async () => {
    const graph = await freshGraph(backend, 'feed-start');
    const first = await addPeople(graph, ['A1', 'A2']);
    const now = await pollAll(graph, {});
    expect(now.blocks).toEqual([]);
    expect(now.last.caught_up).toBe(true);

    const second = await addPeople(graph, ['B1']);
    const resumed = await pollAll(graph, { cursor: now.last.cursor! });
    expect(resumed.blocks.map((b) => b.cause.graph_commit_id)).toEqual([second]);
    expect(rows(resumed.blocks)).toEqual(['insert node Person B1']);

    const all = await pollAll(graph, { start: 'beginning' });
    expect(all.blocks.map((b) => b.cause.graph_commit_id)).toEqual([first, second]);
    expect(all.blocks[0]?.cause).toMatchObject({ authored_branch: 'main' });

    const after = await pollAll(graph, { start: `after:${first}` });
    expect(rows(after.blocks)).toEqual(['insert node Person B1']);

    // A branch's beginning includes the history it inherited; its own commits follow.
    await graph.createBranch({ name: 'side' });
    const own = await addPeople(graph, ['S1'], 'side');
    const side = await pollAll(graph, { branch: 'side', start: 'beginning' });
    expect(side.blocks.map((b) => b.cause.graph_commit_id)).toEqual([first, second, own]);
    expect(side.blocks[2]?.cause.authored_branch).toBe('side');

    // A commit that is not on the branch's first-parent history is refused.
    await expectOmniError(
      graph.pollChanges({ start: `after:${own}` }),
      'bad_request',
      `start commit '${own}' is not on the first-parent history of branch 'main'`,
    );
    await expectOmniError(
      graph.pollChanges({ start: 'yesterday' }),
      'bad_request',
      'start must be now | beginning | after:<commit_id>',
    );
    for (const request of [
      { start: 'now', cursor: now.last.cursor! },
      { start: 'now', page_token: 'x' },
      { cursor: 'x', page_token: 'x' },
    ])
      await expectOmniError(
        graph.pollChanges(request),
        'bad_request',
        'cursor, start, and page_token are mutually exclusive',
      );
    await expectOmniError(graph.pollChanges({ branch: 'nope' }), 'not_found', "branch 'nope'");
    await expectOmniError(graph.pollChanges({ branch: ' ' }), 'bad_request', 'branch name');
    await graph.close();
  });

  it('pages inside and across commits; only the terminal page has the cursor', async () => {
    const graph = await freshGraph(backend, 'feed-pages');
    const names = ['P1', 'P2', 'P3', 'P4', 'P5'];
    await addPeople(graph, names.slice(0, 3));
    await addPeople(graph, names.slice(3));
    await graph.mutate({ query: 'query q() { update Person set { age: 7 } where name = "P2" }' });
    const whole = await pollAll(graph, { start: 'beginning' });
    expect(whole.pages).toHaveLength(1);
    for (const limit of [1, 2, 3, 4]) {
      const paged = await pollAll(graph, { start: 'beginning', limit });
      expect(rows(paged.blocks), `limit ${limit}`).toEqual(rows(whole.blocks));
      expect(paged.pages.length).toBe(Math.ceil(6 / limit));
      for (const page of paged.pages)
        expect(page.blocks.flatMap((b) => b.changes).length).toBeLessThanOrEqual(limit);
      expect(paged.last.caught_up).toBe(true);
    }
    expect(rows(whole.blocks)).toEqual([
      ...names.map((n) => `insert node Person ${n}`),
      'update node Person P2',
    ]);
    // Limits: as for commit changes.
    await expectOmniError(graph.pollChanges({ limit: 0 }), 'bad_request', 'limit');
    const limited = await expectOmniError(graph.pollChanges({ limit: 8193 }), 'resource_limit');
    expect(limited.details?.resource_limit).toMatchObject({
      resource: 'commit_changes_page_changes',
    });
    await graph.close();
  });

  it('walks at most maxCommits per poll and says whether it caught up', async () => {
    const graph = await freshGraph(backend, 'feed-walk');
    const commits: string[] = [];
    for (const name of ['W1', 'W2', 'W3', 'W4', 'W5']) commits.push(await addPeople(graph, [name]));
    const seen: string[] = [];
    let request: ChangeFeedRequest = { start: 'beginning' };
    let caughtUp = false;
    let polls = 0;
    while (!caughtUp) {
      const { blocks, last } = await pollAll(graph, request, { maxCommits: 2 });
      seen.push(...blocks.map((b) => b.cause.graph_commit_id));
      caughtUp = last.caught_up!;
      request = { cursor: last.cursor! };
      polls += 1;
    }
    // Genesis (no block) and five loads: three polls of at most two commits.
    expect(polls).toBe(3);
    expect(seen).toEqual(commits);
    const error = await expectOmniError(
      graph.pollChanges({}, { maxCommits: 513 }),
      'resource_limit',
      'change_feed_commits_per_poll',
    );
    expect(error.details?.resource_limit).toEqual({
      resource: 'change_feed_commits_per_poll',
      limit: 512,
      actual: 513,
    });
    await graph.close();
  });

  it('filters by kind, type and op; a cursor is bound to its filter', async () => {
    const graph = await freshGraph(backend, 'feed-filter');
    await addPeople(graph, ['F1', 'F2']);
    await graph.load({ data: ndjson(edgeLine('Knows', 'F1', 'F2')), mode: 'append' });
    await graph.mutate({ query: 'query q() { delete Person where name = "F2" }' });
    const start = { start: 'beginning' } as const;
    expect(rows((await pollAll(graph, { ...start, kind: ['edge'] })).blocks)).toEqual([
      expect.stringMatching(/^insert edge Knows /),
      expect.stringMatching(/^delete edge Knows /),
    ]);
    expect(rows((await pollAll(graph, { ...start, op: ['delete'] })).blocks)).toEqual([
      'delete node Person F2',
      expect.stringMatching(/^delete edge Knows /),
    ]);
    const people = await pollAll(graph, { ...start, type: ['Person'], op: ['insert'] });
    expect(rows(people.blocks)).toEqual(['insert node Person F1', 'insert node Person F2']);
    // Commits whose changes the filter drops have no block.
    expect(people.blocks).toHaveLength(1);
    // Same filter, any order: the same scope.
    await graph.pollChanges({ cursor: people.last.cursor!, op: ['insert'], type: ['Person'] });
    await expectOmniError(
      graph.pollChanges({ cursor: people.last.cursor! }),
      'bad_request',
      'change cursor rejected: cursor was issued for another filter',
    );
    await expectOmniError(
      graph.pollChanges({ ...start, kind: ['table' as 'node'] }),
      'bad_request',
      "unknown change kind 'table'",
    );
    await graph.close();
  });

  it('rejects misused cursors and page tokens', async () => {
    const graph = await freshGraph(backend, 'feed-misuse');
    await addPeople(graph, ['M1', 'M2']);
    await graph.createBranch({ name: 'b' });
    const { last } = await pollAll(graph, {});
    const paged = await graph.pollChanges({ start: 'beginning', limit: 1 });
    const token = paged.next_page_token!;
    const rejected = async (request: ChangeFeedRequest, reason: string): Promise<void> => {
      const error = await expectOmniError(
        graph.pollChanges(request),
        'bad_request',
        `change cursor rejected: ${reason}`,
      );
      expect(error.message).toMatch(/^change cursor rejected: /);
    };
    await rejected({ cursor: 'not a cursor' }, 'malformed cursor');
    await rejected({ cursor: 'eyJ2IjoyfQ' }, 'malformed cursor');
    await rejected({ cursor: 'x'.repeat(4097) }, 'malformed cursor');
    await rejected({ cursor: token }, 'a page token is not a cursor');
    await rejected({ page_token: last.cursor! }, 'a cursor is not a page token');
    await rejected({ cursor: last.cursor!, branch: 'b' }, 'cursor was issued for another branch');
    await rejected(
      { page_token: token, type: ['Person'] },
      'page token was issued for another filter',
    );
    // A commit-changes page token is not a feed token either.
    const commitToken = (await graph.commitChanges(await headOf(graph), { limit: 1 }))
      .next_page_token!;
    await rejected({ page_token: commitToken }, 'malformed page token');

    // A branch deleted and created again is another incarnation.
    const onB = (await pollAll(graph, { branch: 'b' })).last.cursor!;
    await graph.deleteBranch('b');
    await graph.createBranch({ name: 'b' });
    await rejected(
      { cursor: onB, branch: 'b' },
      "cursor was issued for an earlier incarnation of branch 'b'",
    );

    // Another graph (same branch name) rejects it too.
    const other = await freshGraph(backend, 'feed-misuse-other');
    await expectOmniError(
      other.pollChanges({ cursor: last.cursor! }),
      'bad_request',
      'change cursor rejected: cursor was issued for another graph',
    );
    await other.close();
    await graph.close();
  });

  it('resumes from a stored cursor after a restart, losing nothing', async () => {
    const graph = await freshGraph(backend, 'feed-restart');
    await addPeople(graph, ['R0']);
    const stored = (await pollAll(graph, { type: ['Person'] })).last.cursor!;
    const after = [await addPeople(graph, ['R1']), await addPeople(graph, ['R2'])];
    const uri = graph.uri;
    await graph.close();
    const reopened = await Omnigraph.open(uri, { settings: testSettings(), mode: 'read-only' });
    const resumed = await pollAll(reopened, { cursor: stored, type: ['Person'] });
    expect(resumed.blocks.map((b) => b.cause.graph_commit_id)).toEqual(after);
    expect(rows(resumed.blocks)).toEqual(['insert node Person R1', 'insert node Person R2']);
    // At-least-once: the same cursor gives the same blocks again.
    expect((await pollAll(reopened, { cursor: stored, type: ['Person'] })).blocks).toEqual(
      resumed.blocks,
    );
    await reopened.close();
  });

  it('delivers every commit of concurrent writers, in order, at least once', async () => {
    const graph = await freshGraph(backend, 'feed-concurrent');
    const reader = await Omnigraph.open(graph.uri, {
      settings: testSettings(),
      mode: 'read-only',
    });
    let cursor = (await pollAll(reader, {})).last.cursor!;
    const written: string[] = [];
    const state = { writing: true };
    const writer = (async () => {
      for (let i = 0; i < 8; i++) written.push(await addPeople(graph, [`C${i}`]));
      state.writing = false;
    })();
    const seen: string[] = [];
    const seenRows: string[] = [];
    for (;;) {
      const done = !state.writing;
      const { blocks, last } = await pollAll(reader, { cursor, limit: 1 });
      seen.push(...blocks.map((b) => b.cause.graph_commit_id));
      seenRows.push(...rows(blocks));
      cursor = last.cursor!;
      if (done && last.caught_up === true) break;
      await sleep(5);
    }
    await writer;
    expect(seen).toEqual(written);
    expect(seenRows).toEqual(written.map((_, i) => `insert node Person C${i}`));
    await reader.close();
    await graph.close();
  });

  it('a baseline is the head exactly, then a cursor that follows it', async () => {
    const graph = await freshGraph(backend, 'feed-baseline');
    await addPeople(graph, ['B1', 'B2']);
    await graph.load({ data: ndjson(edgeLine('Knows', 'B1', 'B2')), mode: 'append' });
    const head = await headOf(graph);
    const exported: string[] = [];
    for await (const line of graph.export()) exported.push(line);
    const { records, baseline } = await baselineOf(graph);
    expect(records).toEqual(exported);
    expect(baseline.snapshot_commit_id).toBe(head);
    const people = await baselineOf(graph, { type: ['Person'], op: ['insert'] });
    expect(
      people.records.map((l) => (JSON.parse(l) as { data: { name: string } }).data.name),
    ).toEqual(['B1', 'B2']);
    expect((await baselineOf(graph, { kind: ['edge'] })).records).toHaveLength(1);
    expect((await baselineOf(graph, { type: ['Nope'] })).records).toEqual([]);
    // The resume cursor follows from the head, with the baseline's filter.
    const next = await addPeople(graph, ['B3']);
    const followed = await pollAll(graph, { cursor: baseline.resume_cursor });
    expect(followed.blocks.map((b) => b.cause.graph_commit_id)).toEqual([next]);
    await expectOmniError(
      graph.pollChanges({ cursor: people.baseline.resume_cursor }),
      'bad_request',
      'another filter',
    );
    // The baseline needs `export`; the feed `read`.
    const readOnly = await Omnigraph.open(graph.uri, {
      settings: testSettings(),
      mode: 'read-only',
      authorizer: {
        authorize: async ({ action }) => {
          if (action === 'export') throw new OmniError('forbidden', 'export denied');
        },
      },
    });
    await readOnly.pollChanges({});
    const lines: string[] = [];
    await expectOmniError(
      (async () => {
        for await (const line of readOnly.changesBaseline()) lines.push(line);
      })(),
      'forbidden',
    );
    expect(lines).toEqual([]);
    await readOnly.close();
    await graph.close();
  });

  it('a cursor behind cleanup is a change_feed_gap; a baseline recovers', async () => {
    const graph = await freshGraph(backend, 'feed-gap');
    await addPeople(graph, ['G0']);
    const stale = (await pollAll(graph, {})).last.cursor!;
    for (const name of ['G1', 'G2']) await addPeople(graph, [name]);
    await sleep(CUTOFF_MARGIN_MS + 500);
    for (const name of ['G3', 'G4']) await addPeople(graph, [name]);
    await graph.cleanup({ keep_versions: 1, confirm: true });
    const error = await expectOmniError(
      graph.pollChanges({ cursor: stale }),
      'change_feed_gap',
      'change feed gap',
    );
    expect(new OmniError('change_feed_gap', '').httpStatus).toBe(410);
    expect(error.details?.change_feed_gap).toMatchObject({
      cursor: stale,
      first_unreadable_commit_id: expect.stringMatching(/^[0-9A-Z]{26}$/) as unknown,
    });
    expect(error.message).not.toContain(graph.uri);
    await expectOmniError(graph.pollChanges({ start: 'beginning' }), 'change_feed_gap');

    const { records, baseline } = await baselineOf(graph);
    expect(records).toHaveLength(5);
    const last = await addPeople(graph, ['G5']);
    const followed = await pollAll(graph, { cursor: baseline.resume_cursor });
    expect(followed.blocks.map((b) => b.cause.graph_commit_id)).toEqual([last]);
    await graph.close();
  }, 60_000);
});

// The change feed over HTTP: the remote client against the served graph and its local twin, the
// route's error messages, and `followChanges` following a served branch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  followChanges,
  type ChangeBlockOutput,
  type ChangeFeedRequest,
  type FollowChangesEvent,
} from '../../src/api/index.js';
import { connect, isOmniError, type RemoteGraph } from '../../src/client/index.js';
import { Omnigraph } from '../../src/engine/index.js';
import { testSettings } from '../helpers/s3-env.js';
import { GRAPH, servedFixture, TOKEN, type ServedFixture } from './served-fixture.js';

const ADD = `query add($name: String) {
    insert Person { name: $name }
}`;

let fixture: ServedFixture;
let graph: RemoteGraph;

beforeAll(async () => {
  fixture = await servedFixture();
  graph = connect({ url: fixture.url, graph: GRAPH, token: TOKEN, cwd: fixture.dir });
}, 90_000);
afterAll(async () => fixture.stop());

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

async function lines(iterable: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const line of iterable) all.push(line);
  return all;
}

describe('change feed over HTTP', () => {
  it('polls and baselines as the engine does, 64-bit integers exact', async () => {
    const twin = await Omnigraph.open(fixture.twinRoot, {
      settings: testSettings(),
      mode: 'read-only',
    });
    try {
      const request: ChangeFeedRequest = { start: 'beginning', limit: 2 };
      const remote = await graph.pollChanges(request);
      expect(remote).toStrictEqual(await twin.pollChanges(request));
      expect(remote.next_page_token).toBeDefined();
      const all = await graph.pollChanges({ start: 'beginning', type: ['Account'] });
      const balances = all.blocks.flatMap((b) => b.changes).map((c) => c.after?.properties.balance);
      expect(balances).toContain(9223372036854775807n);
      expect(all).toStrictEqual(await twin.pollChanges({ start: 'beginning', type: ['Account'] }));
      const served = await lines(graph.changesBaseline({ type: ['Account'] }));
      const local = await lines(twin.changesBaseline({ type: ['Account'] }));
      // Same records; the resume cursor binds the same graph, branch and head.
      expect(served).toEqual(local);
      expect(served.at(-1)).toMatch(
        /^\{"baseline":\{"snapshot_commit_id":"[0-9A-Z]{26}","resume_cursor":"[A-Za-z0-9_-]+"\}\}$/,
      );
    } finally {
      await twin.close();
    }
  });

  it('answers the route errors of the reference', async () => {
    const message = async (request: ChangeFeedRequest): Promise<string> => {
      const error = await failure(graph.pollChanges(request));
      if (!isOmniError(error)) throw error;
      expect(error.code).toBe('bad_request');
      return error.message;
    };
    expect(await message({ start: 'now', cursor: 'x' })).toBe(
      'cursor, start, and page_token are mutually exclusive',
    );
    expect(await message({ start: 'soon' })).toBe(
      'start must be now | beginning | after:<commit_id>',
    );
    expect(await message({ branch: '  ' })).toBe('branch name cannot be empty');
    expect(await message({ cursor: '!!' })).toBe('change cursor rejected: malformed cursor');
    const missing = await failure(graph.pollChanges({ branch: 'nope' }));
    expect(isOmniError(missing, 'not_found')).toBe(true);
    const baseline = await failure(lines(graph.changesBaseline({ branch: 'nope' })));
    expect(isOmniError(baseline, 'not_found')).toBe(true);
    // Unknown query parameters are refused.
    const raw = await fetch(`${fixture.url}/graphs/${GRAPH}/changes?since=1`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(raw.status).toBe(400);
  });

  it('followChanges follows a served branch and resumes from a checkpoint', async () => {
    const controller = new AbortController();
    const blocks: ChangeBlockOutput[] = [];
    const checkpoints: Extract<FollowChangesEvent, { type: 'checkpoint' }>[] = [];
    const following = (async () => {
      for await (const event of followChanges(graph, {
        branch: 'main',
        filter: { type: ['Person'] },
        intervalMs: 20,
        signal: controller.signal,
      })) {
        if (event.type === 'block') blocks.push(event.block);
        else checkpoints.push(event);
        const names = blocks.flatMap((b) => b.changes.map((c) => c.id));
        if (['Fol1', 'Fol2', 'Fol3'].every((n) => names.includes(n)) && event.type === 'checkpoint')
          controller.abort();
      }
    })();
    // Wait for the first checkpoint (the start `now`), then write.
    while (checkpoints.length === 0) await new Promise((r) => setTimeout(r, 10));
    const commits: string[] = [];
    for (const name of ['Fol1', 'Fol2', 'Fol3'])
      commits.push((await graph.mutate({ query: ADD, params: { name } })).commit!.graph_commit_id);
    await following;
    expect(blocks.map((b) => b.cause.graph_commit_id)).toEqual(commits);
    expect(blocks.flatMap((b) => b.changes.map((c) => `${c.op} ${c.id}`))).toEqual([
      'insert Fol1',
      'insert Fol2',
      'insert Fol3',
    ]);
    const saved = checkpoints.at(-1)!.cursor;
    // Resume from the saved cursor: only what came after it.
    await graph.mutate({ query: ADD, params: { name: 'Fol4' } });
    const resumed: string[] = [];
    for await (const event of followChanges(graph, {
      cursor: saved,
      filter: { type: ['Person'] },
    })) {
      if (event.type === 'block') resumed.push(...event.block.changes.map((c) => c.id));
      else break;
    }
    expect(resumed).toEqual(['Fol4']);
  });
});

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallOptions } from '../../src/api/index.js';
import { Omnigraph } from '../../src/engine/omnigraph.js';
import { allowAll } from '../../src/policy/authorizer.js';
import { CedarPolicySet } from '../../src/policy/cedar-policy-set.js';
import type { PolicyDecision } from '../../src/policy/policy-decision.js';
import { loadPolicy, type Policy } from '../../src/policy/policy.js';
import { isOmniError } from '../../src/util/omni-error.js';
import { freshTempDir } from '../helpers/temp-dir.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures');

/** Readers read; writers read, export and write unprotected branches; admins do everything. */
const BUNDLE = `version: 1
groups:
  readers: [act-reader]
  writers: [act-writer]
  creators: [act-creator]
  admins: [act-admin]
protected_branches: [main]
rules:
  - id: readers-read
    allow: { actors: { group: readers }, actions: [read] }
  - id: writers-read
    allow: { actors: { group: writers }, actions: [read, export] }
  - id: writers-change
    allow: { actors: { group: writers }, actions: [change], branch_scope: unprotected }
  - id: writers-branch
    allow: { actors: { group: writers }, actions: [branch_create], target_branch_scope: unprotected }
  - id: creators-branch
    allow: { actors: { group: creators }, actions: [branch_create] }
  - id: admins-data
    allow: { actors: { group: admins }, actions: [read, export, change] }
  - id: admins-branches
    allow: { actors: { group: admins }, actions: [branch_create, branch_delete, branch_merge, schema_apply] }
`;

const as = (actor: string | null): CallOptions => ({ actor });
const PERSON_QUERY =
  'query people() { match { $p: Person } return { $p.name } order { $p.name asc } }';
const AGE_UPDATE = 'query older() { update Person set { age: 99 } where name = "Alice" }';

async function rejection(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isOmniError(error)) throw new Error(`expected an OmniError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

describe('a graph opened with a policy', () => {
  let dir: string;
  let policy: Policy;
  let graph: Omnigraph;
  let decisions: PolicyDecision[];
  const uri = () => path.join(dir, 'g');
  /** The graph's main head version: unchanged by every denied write. */
  const mainVersion = async () =>
    (await graph.snapshot({}, as('act-admin'))).graph_manifest_version;

  beforeAll(async () => {
    dir = await freshTempDir('policy-engine');
    policy = await loadPolicy(BUNDLE, 'engine');
    const schema = await readFile(path.join(fixtures, 'test.pg'), 'utf8');
    const setup = await Omnigraph.init(uri(), schema);
    await setup.load({ data: { path: path.join(fixtures, 'test.jsonl') }, mode: 'overwrite' });
    await setup.close();
    decisions = [];
    graph = await Omnigraph.open(uri(), { policy, onDecision: (d) => decisions.push(d) });
    return () => graph.close();
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('checks reads: query, explain, snapshot and export', async () => {
    const request = { query: PERSON_QUERY };
    expect((await graph.query(request, as('act-reader'))).row_count).toBe(4);
    expect((await graph.explain(request, as('act-reader'))).query_name).toBe('people');
    expect((await graph.snapshot({ branch: 'main' }, as('act-reader'))).graph_branch).toBe('main');
    expect(await rejection(graph.query(request, as('act-nobody')))).toEqual({
      code: 'forbidden',
      message: "policy denied action 'read' for unknown actor 'act-nobody'",
    });
    const exported = async (actor: string) => {
      const lines: string[] = [];
      for await (const line of graph.export({}, as(actor))) lines.push(line);
      return lines;
    };
    expect(await rejection(exported('act-reader'))).toEqual({
      code: 'forbidden',
      message: "policy denied action 'export' on branch 'main' for actor 'act-reader'",
    });
    expect((await exported('act-writer')).length).toBeGreaterThan(0);
  });

  it('fails closed without an actor, for reads and writes', async () => {
    const version = await mainVersion();
    const calls = [
      () => graph.query({ query: PERSON_QUERY }),
      () => graph.listBranches(),
      () => graph.getSchema(),
      () => graph.mutate({ query: AGE_UPDATE }),
      () => graph.createBranch({ name: 'nobodys' }),
    ];
    for (const call of calls) {
      const { code, message } = await rejection(call());
      expect(code).toBe('forbidden');
      expect(message).toMatch(/^policy denied action '\w+'.* without an actor$/);
    }
    expect(await mainVersion()).toBe(version);
    expect((await graph.listBranches(as('act-reader'))).branches).toEqual(['main']);
  });

  it('denies writes to protected branches and changes nothing', async () => {
    const version = await mainVersion();
    expect(await rejection(graph.mutate({ query: AGE_UPDATE }, as('act-writer')))).toEqual({
      code: 'forbidden',
      message: "policy denied action 'change' on branch 'main' for actor 'act-writer'",
    });
    const data = '{"type":"Person","data":{"name":"Eve","age":1}}';
    expect((await rejection(graph.load({ data, mode: 'append' }, as('act-writer')))).code).toBe(
      'forbidden',
    );
    const calls = [
      () => graph.optimize(as('act-writer')),
      () => graph.cleanup({ keep_versions: 1, confirm: true }, as('act-writer')),
      () => graph.ensureIndices({}, as('act-writer')),
      () =>
        graph.applySchema({ schema_source: 'node Person { name: String @key }' }, as('act-writer')),
    ];
    for (const call of calls) expect((await rejection(call())).code).toBe('forbidden');
    expect(await mainVersion()).toBe(version);
  });

  it('creates, writes, merges and deletes branches as the rules allow, with the request context', async () => {
    decisions.length = 0;
    expect((await rejection(graph.createBranch({ name: 'r1' }, as('act-reader')))).message).toBe(
      "policy denied action 'branch_create' on branch 'main' targeting branch 'r1' for actor 'act-reader'",
    );
    await graph.createBranch({ name: 'feature' }, as('act-writer'));
    const changed = await graph.mutate({ query: AGE_UPDATE, branch: 'feature' }, as('act-writer'));
    expect(changed.affected_nodes).toBe(1);
    expect(await rejection(graph.mergeBranch({ source: 'feature' }, as('act-writer')))).toEqual({
      code: 'forbidden',
      message:
        "policy denied action 'branch_merge' on branch 'feature' targeting branch 'main' for actor 'act-writer'",
    });
    expect((await rejection(graph.deleteBranch('feature', as('act-writer')))).message).toBe(
      "policy denied action 'branch_delete' targeting branch 'feature' for actor 'act-writer'",
    );
    const merged = await graph.mergeBranch(
      { source: 'feature', delete_branch: true },
      as('act-admin'),
    );
    expect(merged.branch_deleted).toBe(true);
    const seen = decisions.map(({ actor, action, branch, targetBranch, allowed, matchedRule }) => ({
      actor,
      action,
      branch,
      targetBranch,
      allowed,
      matchedRule,
    }));
    expect(seen).toEqual([
      {
        actor: 'act-reader',
        action: 'branch_create',
        branch: 'main',
        targetBranch: 'r1',
        allowed: false,
        matchedRule: null,
      },
      {
        actor: 'act-writer',
        action: 'branch_create',
        branch: 'main',
        targetBranch: 'feature',
        allowed: true,
        matchedRule: 'writers-branch',
      },
      {
        actor: 'act-writer',
        action: 'change',
        branch: 'feature',
        targetBranch: null,
        allowed: true,
        matchedRule: 'writers-change',
      },
      {
        actor: 'act-writer',
        action: 'branch_merge',
        branch: 'feature',
        targetBranch: 'main',
        allowed: false,
        matchedRule: null,
      },
      {
        actor: 'act-writer',
        action: 'branch_delete',
        branch: null,
        targetBranch: 'feature',
        allowed: false,
        matchedRule: null,
      },
      {
        actor: 'act-admin',
        action: 'branch_merge',
        branch: 'feature',
        targetBranch: 'main',
        allowed: true,
        matchedRule: 'admins-branches',
      },
      {
        actor: 'act-admin',
        action: 'branch_delete',
        branch: null,
        targetBranch: 'feature',
        allowed: true,
        matchedRule: 'admins-branches',
      },
    ]);
  });

  it('checks a load that forks a branch for branch_create, then change, before forking', async () => {
    const data = '{"type":"Person","data":{"name":"Eve","age":1}}';
    decisions.length = 0;
    // The creator may create the branch but not write it: no branch is left behind.
    const denied = await rejection(
      graph.load({ data, mode: 'append', branch: 'eve', from: 'main' }, as('act-creator')),
    );
    expect(denied.message).toBe(
      "policy denied action 'change' on branch 'eve' for actor 'act-creator'",
    );
    expect((await graph.listBranches(as('act-admin'))).branches).toEqual(['main']);
    const loaded = await graph.load(
      { data, mode: 'append', branch: 'eve', from: 'main' },
      as('act-writer'),
    );
    expect(loaded.branch_created).toBe(true);
    expect(
      decisions
        .filter((d) => d.actor !== 'act-admin')
        .map((d) => [d.actor, d.action, d.branch, d.targetBranch, d.allowed]),
    ).toEqual([
      ['act-creator', 'branch_create', 'main', 'eve', true],
      ['act-creator', 'change', 'eve', null, false],
      ['act-writer', 'branch_create', 'main', 'eve', true],
      ['act-writer', 'change', 'eve', null, true],
    ]);
    await graph.deleteBranch('eve', as('act-admin'));
  });

  it('checks history and schema reads on the branch they read', async () => {
    const commits = (await graph.listCommits({ branch: 'main' }, as('act-reader'))).commits;
    const head = commits[0]?.graph_commit_id ?? '';
    decisions.length = 0;
    await graph.showCommit(head, as('act-reader'));
    await graph.commitChanges(head, {}, as('act-reader'));
    await graph.getSchema(as('act-reader'));
    await graph.planSchema(
      { schema_source: 'node Person { name: String @key }' },
      as('act-reader'),
    );
    expect(decisions.map((d) => [d.action, d.branch, d.allowed])).toEqual([
      ['read', 'main', true],
      ['read', 'main', true],
      ['read', null, true],
      ['read', 'main', true],
    ]);
    expect((await rejection(graph.listCommits({}, as('act-nobody')))).code).toBe('forbidden');
  });

  it('applies a schema only for an actor allowed schema_apply on main', async () => {
    decisions.length = 0;
    const schema = `${await readFile(path.join(fixtures, 'test.pg'), 'utf8')}\nnode Team { name: String @key }\n`;
    expect(
      (await rejection(graph.applySchema({ schema_source: schema }, as('act-writer')))).message,
    ).toBe("policy denied action 'schema_apply' targeting branch 'main' for actor 'act-writer'");
    const applied = await graph.applySchema({ schema_source: schema }, as('act-admin'));
    expect(applied.applied).toBe(true);
    expect(decisions.map((d) => [d.action, d.branch, d.targetBranch, d.allowed])).toEqual([
      ['schema_apply', null, 'main', false],
      ['schema_apply', null, 'main', true],
    ]);
  });

  it('denies, as internal, an operation whose decision Cedar cannot evaluate', async () => {
    const version = await mainVersion();
    vi.spyOn(CedarPolicySet.prototype, 'evaluate').mockReturnValue({ ok: false, error: 'broken' });
    expect(await rejection(graph.mutate({ query: AGE_UPDATE }, as('act-admin')))).toEqual({
      code: 'internal',
      message: 'policy: broken',
    });
    vi.restoreAllMocks();
    expect(await mainVersion()).toBe(version);
  });
});

describe('guard options', () => {
  it('refuse an authorizer with a policy, or an observer without one, before touching storage', async () => {
    const dir = await freshTempDir('policy-options');
    const policy = await loadPolicy(BUNDLE, 'engine');
    const schema = await readFile(path.join(fixtures, 'test.pg'), 'utf8');
    const both = await rejection(
      Omnigraph.init(path.join(dir, 'g'), schema, { policy, authorizer: allowAll }),
    );
    expect(both).toEqual({
      code: 'bad_request',
      message: 'pass either an authorizer or a policy, not both',
    });
    const observer = await rejection(
      Omnigraph.init(path.join(dir, 'g'), schema, { onDecision: () => undefined }),
    );
    expect(observer.code).toBe('bad_request');
    // Nothing was created: init succeeds now.
    const graph = await Omnigraph.init(path.join(dir, 'g'), schema, { policy });
    expect((await rejection(graph.getSchema())).code).toBe('forbidden');
    expect((await graph.getSchema(as('act-reader'))).schema_source).toBe(schema);
    await graph.close();
  });
});

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Omnigraph } from '../../src/engine/omnigraph.js';
import type { AuthorizationRequest, Authorizer } from '../../src/policy/authorizer.js';
import { OmniError, isOmniError } from '../../src/util/omni-error.js';
import { freshTempDir } from '../helpers/temp-dir.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures');

/** Records every decision and denies the actions listed. */
function recordingAuthorizer(
  denied: readonly string[],
): Authorizer & { seen: AuthorizationRequest[] } {
  const seen: AuthorizationRequest[] = [];
  return {
    seen,
    authorize(request) {
      seen.push(request);
      if (denied.includes(request.action)) {
        return Promise.reject(
          new OmniError('forbidden', `${request.action} denied for ${request.actor ?? 'nobody'}`),
        );
      }
      return Promise.resolve();
    },
  };
}

describe('the authorizer hook', () => {
  it('is asked before every operation, reads included, and a denial changes nothing', async () => {
    const dir = await freshTempDir('authz');
    const schema = await readFile(path.join(fixtures, 'test.pg'), 'utf8');
    await (await Omnigraph.init(path.join(dir, 'g'), schema)).close();
    const authorizer = recordingAuthorizer(['change', 'branch_delete']);
    const graph = await Omnigraph.open(path.join(dir, 'g'), { authorizer });
    const data = { path: path.join(fixtures, 'test.jsonl') };

    const denied = await graph
      .load({ data, mode: 'overwrite' }, { actor: 'act-bruno' })
      .catch((e: unknown) => e);
    expect(isOmniError(denied, 'forbidden')).toBe(true);
    expect((await graph.snapshot()).graph_manifest_version).toBe(1);

    await graph.createBranch({ name: 'feature' }, { actor: 'act-ada' });
    await expect(graph.deleteBranch('feature', { actor: 'act-ada' })).rejects.toThrow(
      'branch_delete denied',
    );
    expect((await graph.listBranches()).branches).toEqual(['feature', 'main']);

    expect(authorizer.seen).toEqual([
      { actor: 'act-bruno', action: 'change', branch: 'main' },
      { actor: null, action: 'read', branch: 'main' },
      { actor: 'act-ada', action: 'branch_create', branch: 'main', targetBranch: 'feature' },
      { actor: 'act-ada', action: 'branch_delete', targetBranch: 'feature' },
      { actor: null, action: 'read' },
    ]);
    await graph.close();
  });

  it('allows everything by default', async () => {
    const dir = await freshTempDir('authz-default');
    const graph = await Omnigraph.init(
      path.join(dir, 'g'),
      await readFile(path.join(fixtures, 'test.pg'), 'utf8'),
    );
    const result = await graph.load({
      data: { path: path.join(fixtures, 'test.jsonl') },
      mode: 'overwrite',
    });
    expect(result.total_entities).toBe(11);
    await graph.close();
  });
});

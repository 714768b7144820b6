import { describe, expect, it } from 'vitest';
import { isOmniError } from '../util/omni-error.js';
import { parsePolicyTests } from './policy-tests.js';

function problem(text: string): string {
  try {
    parsePolicyTests(text, 'team.tests');
  } catch (error) {
    expect(isOmniError(error, 'bad_request')).toBe(true);
    return (error as Error).message;
  }
  throw new Error('the tests parsed');
}

describe('parsePolicyTests', () => {
  it('reads cases, with optional branches', () => {
    const cases = parsePolicyTests(
      [
        'version: 1',
        'cases:',
        '  - { id: read-main, actor: act-bruno, action: read, branch: main, expect: allow }',
        '  - { id: merge, actor: act-bruno, action: branch_merge, branch: f, target_branch: main, expect: deny }',
      ].join('\n'),
      'team.tests',
    );
    expect(cases).toEqual([
      { id: 'read-main', actor: 'act-bruno', action: 'read', branch: 'main', expect: 'allow' },
      {
        id: 'merge',
        actor: 'act-bruno',
        action: 'branch_merge',
        branch: 'f',
        targetBranch: 'main',
        expect: 'deny',
      },
    ]);
  });

  it.each([
    ['version 2', 'version: 2\ncases: []', 'version: must be 1 (got 2)'],
    ['missing cases', 'version: 1', 'cases: is required'],
    ['an unknown field', 'version: 1\ncases: []\nbundle: x', "(top level): unknown field 'bundle'"],
    [
      'an unknown case field',
      'version: 1\ncases: [{id: a, actor: x, action: read, expect: allow, graph: g}]',
      "cases[0]: unknown field 'graph'",
    ],
    [
      'an unknown action',
      'version: 1\ncases: [{id: a, actor: x, action: write, expect: allow}]',
      'cases[0].action: must be one of read, export',
    ],
    [
      'an unknown expectation',
      'version: 1\ncases: [{id: a, actor: x, action: read, expect: Allow}]',
      'cases[0].expect: must be one of allow, deny (got "Allow")',
    ],
    [
      'a missing actor',
      'version: 1\ncases: [{id: a, action: read, expect: allow}]',
      'cases[0].actor: is required',
    ],
    [
      'a blank actor',
      'version: 1\ncases: [{id: a, actor: " ", action: read, expect: allow}]',
      'cases[0].actor: blank actor id',
    ],
    [
      'a blank id',
      'version: 1\ncases: [{id: "", actor: x, action: read, expect: allow}]',
      'cases[0].id: blank case id',
    ],
    [
      'a duplicate id',
      'version: 1\ncases: [{id: a, actor: x, action: read, expect: allow}, {id: a, actor: x, action: read, expect: deny}]',
      "cases[1].id: duplicate case id 'a'",
    ],
    [
      'a duplicate key',
      'version: 1\nversion: 1\ncases: []',
      'line 2, column 1: Map keys must be unique',
    ],
  ])('rejects %s', (_, text, expected) => {
    const message = problem(text);
    expect(message.startsWith("invalid policy tests 'team.tests': ")).toBe(true);
    expect(message).toContain(expected);
  });
});

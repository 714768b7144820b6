import { describe, expect, it } from 'vitest';
import { compileBundle, policySlice } from './compile-bundle.js';
import type { PolicyBundle } from './policy-bundle.js';

const bundle: PolicyBundle = {
  name: 'team',
  groups: new Map([
    ['team', ['act-a', 'act-b']],
    ['admins', ['act-b']],
  ]),
  protectedBranches: new Set(['main']),
  rules: [
    { id: 'read', group: 'team', actions: ['read', 'export'], branchScope: 'unprotected' },
    { id: 'merge', group: 'admins', actions: ['branch_merge'], targetBranchScope: 'protected' },
    { id: 'list', group: 'admins', actions: ['graph_list'] },
    { id: 'any', group: 'team', actions: ['change'], branchScope: 'any' },
    { id: 'admin-read', group: 'admins', actions: ['read'] },
  ],
};

const context = (attr: string) => ({ '.': { left: { Var: 'context' }, attr } });

describe('compileBundle', () => {
  const compiled = compileBundle(bundle, 'knowledge');

  it('makes one permit per rule and action, by action and group', () => {
    expect([...compiled.permits.read.keys()]).toEqual(['team', 'admins']);
    expect(Object.keys(compiled.permits.read.get('team') ?? {})).toEqual(['rule0.read']);
    expect(Object.keys(compiled.permits.export.get('team') ?? {})).toEqual(['rule0.export']);
    expect(compiled.permits.admin.size).toBe(0);
    expect([...compiled.ruleOfPolicy]).toEqual([
      ['rule0.read', 'read'],
      ['rule0.export', 'read'],
      ['rule1.branch_merge', 'merge'],
      ['rule2.graph_list', 'list'],
      ['rule3.change', 'any'],
      ['rule4.read', 'admin-read'],
    ]);
  });

  it('scopes the principal to the group, the action and the graph, and the branch in a condition', () => {
    expect(compiled.permits.read.get('team')?.['rule0.read']).toEqual({
      effect: 'permit',
      principal: { op: 'in', entity: { type: 'Omnigraph::Group', id: 'team' } },
      action: { op: '==', entity: { type: 'Omnigraph::Action', id: 'read' } },
      resource: { op: '==', entity: { type: 'Omnigraph::Graph', id: 'knowledge' } },
      conditions: [
        {
          kind: 'when',
          body: {
            '&&': {
              left: context('has_branch'),
              right: { '!': { arg: context('branch_is_protected') } },
            },
          },
        },
      ],
    });
    expect(compiled.permits.branch_merge.get('admins')?.['rule1.branch_merge']?.conditions).toEqual(
      [
        {
          kind: 'when',
          body: {
            '&&': {
              left: context('has_target_branch'),
              right: context('target_branch_is_protected'),
            },
          },
        },
      ],
    );
    expect(compiled.permits.change.get('team')?.['rule3.change']?.conditions).toEqual([]);
  });

  it('puts graph_list on the server', () => {
    expect(compiled.permits.graph_list.get('admins')?.['rule2.graph_list']?.resource).toEqual({
      op: '==',
      entity: { type: 'Omnigraph::Server', id: 'root' },
    });
  });

  it('makes each actor a member of its groups', () => {
    expect(compiled.actors.get('act-b')).toEqual({
      groups: ['team', 'admins'],
      entities: [
        {
          uid: { type: 'Omnigraph::Actor', id: 'act-b' },
          attrs: {},
          parents: [
            { type: 'Omnigraph::Group', id: 'team' },
            { type: 'Omnigraph::Group', id: 'admins' },
          ],
        },
      ],
    });
    expect([...compiled.actors.keys()]).toEqual(['act-a', 'act-b']);
  });

  it('slices an action to the permits of some groups', () => {
    expect(Object.keys(policySlice(compiled, 'read', ['team', 'admins']))).toEqual([
      'rule0.read',
      'rule4.read',
    ]);
    expect(Object.keys(policySlice(compiled, 'read', ['admins']))).toEqual(['rule4.read']);
    expect(policySlice(compiled, 'read', [])).toEqual({});
    expect(policySlice(compiled, 'admin', ['team'])).toEqual({});
  });
});

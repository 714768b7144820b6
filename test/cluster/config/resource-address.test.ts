import { describe, expect, it } from 'vitest';
import {
  embeddingProviderAddress,
  graphAddress,
  parseResourceAddress,
  policyAddress,
  queryAddress,
  schemaAddress,
} from '../../../src/cluster/resources/resource-address.js';
import { resourceSet } from '../../../src/cluster/resources/resource-set.js';

describe('resource addresses', () => {
  it('round-trip through parseResourceAddress', () => {
    expect(parseResourceAddress(graphAddress('knowledge'))).toEqual({
      kind: 'graph',
      graph: 'knowledge',
    });
    expect(parseResourceAddress(schemaAddress('knowledge'))).toEqual({
      kind: 'schema',
      graph: 'knowledge',
    });
    expect(parseResourceAddress(queryAddress('knowledge', 'find_person'))).toEqual({
      kind: 'query',
      graph: 'knowledge',
      name: 'find_person',
    });
    expect(parseResourceAddress(policyAddress('base'))).toEqual({ kind: 'policy', name: 'base' });
    expect(parseResourceAddress(embeddingProviderAddress('default'))).toEqual({
      kind: 'embedding_provider',
      name: 'default',
    });
  });

  it.each([
    'graph',
    'graph.',
    'graph.a.b',
    'query.g',
    'provider.llm.x',
    'table.t',
    '',
    'policy..x',
  ])('refuses %j', (address) => {
    expect(parseResourceAddress(address)).toBeUndefined();
  });
});

describe('resourceSet', () => {
  it('sorts resources by address and dependencies by edge, once each', () => {
    const set = resourceSet(
      [
        { address: 'schema.g', kind: 'schema', digest: 'b' },
        { address: 'graph.g', kind: 'graph', digest: 'a' },
      ],
      [
        { from: 'schema.g', to: 'graph.g' },
        { from: 'policy.p', to: 'graph.g' },
        { from: 'schema.g', to: 'graph.g' },
      ],
    );
    expect(set.resources.map((r) => r.address)).toEqual(['graph.g', 'schema.g']);
    expect(set.dependencies).toEqual([
      { from: 'policy.p', to: 'graph.g' },
      { from: 'schema.g', to: 'graph.g' },
    ]);
  });
});

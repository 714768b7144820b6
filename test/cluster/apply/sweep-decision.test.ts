import { describe, expect, it } from 'vitest';
import {
  decideSweep,
  type GraphObservation,
  type RecoverySidecar,
  type SweepFacts,
} from '../../../src/cluster/index.js';

const OLD = 'a'.repeat(64);
const NEW = 'b'.repeat(64);
const OTHER = 'c'.repeat(64);

function sidecar(kind: RecoverySidecar['kind']): RecoverySidecar {
  return {
    schema_version: 1,
    operation_id: '01J0000000000000000000000A',
    started_at: '2026-01-01T00:00:00.000Z',
    kind,
    graph_id: 'knowledge',
    graph_uri: 'file:///srv/brain/graphs/knowledge.omni',
    desired_schema_digest: NEW,
  };
}

function seen(exists: boolean, digest?: string): GraphObservation {
  return {
    kind: 'graph',
    address: 'graph.knowledge',
    graph_uri: 'file:///srv/brain/graphs/knowledge.omni',
    observed_at: '2026-01-01T00:00:00.000Z',
    exists,
    ...(digest === undefined
      ? exists
        ? { error: 'does not open' }
        : {}
      : { schema_digest: digest }),
  };
}

function facts(observation: GraphObservation | undefined, recorded?: string): SweepFacts {
  return {
    ...(observation === undefined ? {} : { observation }),
    recordedSchemaDigest: recorded,
    graphRecorded: recorded !== undefined,
  };
}

// The eight rows of the recovery table (roll forward only).
describe('recovery sweep decisions', () => {
  it.each([
    ['1', 'graph_create', facts(seen(false)), 'retire'],
    ['2', 'graph_create', facts(seen(true, OLD), OLD), 'retire'],
    ['2', 'schema_apply', facts(seen(true, OLD), OLD), 'retire'],
    ['3', 'schema_apply', facts(seen(true, NEW), OLD), 'roll_forward'],
    ['4', 'graph_create', facts(seen(true, NEW)), 'roll_forward'],
    ['5', 'graph_create', facts(seen(true)), 'create_incomplete'],
    ['6', 'schema_apply', facts(seen(true, OTHER), OLD), 'pending'],
    ['6', 'graph_create', facts(seen(true, OTHER)), 'pending'],
    ["6'", 'schema_apply', facts(seen(true), OLD), 'pending'],
    [
      '7',
      'graph_delete',
      { rootExists: false, recordedSchemaDigest: undefined, graphRecorded: false },
      'retire',
    ],
    [
      '7b',
      'graph_delete',
      { rootExists: false, recordedSchemaDigest: OLD, graphRecorded: true },
      'tombstone',
    ],
    [
      '8',
      'graph_delete',
      { rootExists: true, recordedSchemaDigest: OLD, graphRecorded: true },
      'delete_incomplete',
    ],
  ] as const)('row %s: %s → %s', (row, kind, given, action) => {
    expect(decideSweep(sidecar(kind), given)).toEqual({
      action: expect.any(String) as string,
      row,
    });
    expect(decideSweep(sidecar(kind), given).action).toBe(action);
  });
});

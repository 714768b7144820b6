import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Omnigraph } from '../../src/engine/index.js';
import { openServedGraph } from '../../src/server/boot/open-served-graph.js';
import { structuredValue } from '../../src/server/mcp/structured-value.js';
import { toolDefinition } from '../../src/server/mcp/tool-definition.js';
import { toolInputSchema } from '../../src/server/mcp/tool-input-schema.js';
import { duplicateToolName } from '../../src/server/mcp/tool-names.js';
import { toolError } from '../../src/server/mcp/tool-result.js';
import { OmniError } from '../../src/util/omni-error.js';
import { freshTempDir } from '../helpers/temp-dir.js';
import { PEOPLE_GQ, PEOPLE_PG } from './mcp-fixture.js';

describe('the input schema of a stored query', () => {
  it('types every kind of param, required unless nullable', () => {
    const schema = toolInputSchema([
      { name: 's', kind: 'string', nullable: false },
      { name: 'i', kind: 'int', nullable: false },
      { name: 'w', kind: 'bigint', nullable: true },
      { name: 'f', kind: 'float', nullable: false },
      { name: 'b', kind: 'bool', nullable: true },
      { name: 'd', kind: 'date', nullable: false },
      { name: 't', kind: 'datetime', nullable: false },
      { name: 'blob', kind: 'blob', nullable: false },
      { name: 'tags', kind: 'list', item_kind: 'string', nullable: true },
      { name: 'ids', kind: 'list', item_kind: 'bigint', nullable: false },
      { name: 'v', kind: 'vector', vector_dim: 3, nullable: false },
    ]);
    expect(schema.required).toEqual(['s', 'i', 'f', 'd', 't', 'blob', 'ids', 'v']);
    expect(schema.additionalProperties).toBe(false);
    const wide = {
      anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^-?[0-9]+$' }],
      description:
        'a 64-bit integer: a JSON integer, or a decimal string for values beyond 2^53 (exact)',
    };
    expect(schema.properties).toEqual({
      s: { type: 'string' },
      i: { type: 'integer' },
      w: { ...wide, anyOf: [...wide.anyOf, { type: 'null' }] },
      f: { type: 'number' },
      b: { type: ['boolean', 'null'] },
      d: { type: 'string', format: 'date', description: 'YYYY-MM-DD' },
      t: {
        type: 'string',
        format: 'date-time',
        description: 'ISO-8601, e.g. 2024-05-01T12:00:00Z',
      },
      blob: { type: 'string', description: "'base64:<data>' or a URI" },
      tags: { type: ['array', 'null'], items: { type: 'string' } },
      ids: { type: 'array', items: wide },
      v: {
        type: 'array',
        items: { type: 'number' },
        minItems: 3,
        maxItems: 3,
        description: 'a vector of 3 numbers',
      },
    });
  });

  it('is an empty object for a query without params', () => {
    expect(toolInputSchema([])).toEqual({
      type: 'object',
      properties: {},
      required: [],
      additionalProperties: false,
    });
  });
});

describe('a tool', () => {
  it('is described by the annotations, then by what the query does', () => {
    const tool = toolDefinition(
      {
        name: 'forget',
        toolName: 'forget_person',
        description: 'Delete a person.',
        mutation: true,
        params: [],
      },
      'people',
    );
    expect(tool).toMatchObject({
      name: 'forget_person',
      title: 'forget',
      description:
        "Delete a person.\n\nStored mutation 'forget' of graph 'people': each call commits its changes on branch main.",
      annotations: { readOnlyHint: false, destructiveHint: true, openWorldHint: false },
    });
  });

  it('reports a failure as a tool error with the envelope', () => {
    const denied = toolError(new OmniError('forbidden', "policy denied action 'change'"));
    expect(denied).toEqual({
      isError: true,
      content: [{ type: 'text', text: "policy denied action 'change'" }],
      structuredContent: { error: "policy denied action 'change'", code: 'forbidden' },
    });
    expect(toolError(new Error('secret path /x'))).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: 'internal error' }],
    });
  });

  it('carries 64-bit integers in structured content exactly', () => {
    expect(
      structuredValue({ rows: [{ a: 42n, b: -9223372036854775808n, c: [1n, 'x', null] }] }),
    ).toEqual({ rows: [{ a: 42, b: '-9223372036854775808', c: [1, 'x', null] }] });
  });
});

describe('tool names', () => {
  it('finds the first name two queries share', () => {
    expect(
      duplicateToolName([
        { name: 'a', toolName: 'find' },
        { name: 'b', toolName: 'other' },
        { name: 'c', toolName: 'find' },
      ]),
    ).toEqual({ toolName: 'find', queries: ['a', 'c'] });
    expect(duplicateToolName([{ name: 'a', toolName: 'a' }])).toBeUndefined();
  });

  it('quarantines a graph at boot when two of its stored queries share one', async () => {
    const uri = path.join(await freshTempDir('mcp-dup'), 'people.omni');
    await (await Omnigraph.init(uri, PEOPLE_PG)).close();
    const queries = new Map([
      ['find_person', PEOPLE_GQ],
      ['list_people', PEOPLE_GQ],
      ['account', PEOPLE_GQ],
    ]);
    const clash = await openServedGraph({
      id: 'people',
      uri,
      queries,
      toolNames: new Map([
        ['find_person', 'people'],
        ['list_people', 'people'],
      ]),
    });
    expect(clash).toEqual({
      kind: 'quarantined',
      diagnostic: {
        code: 'duplicate_tool_name',
        severity: 'warning',
        path: 'graph.people',
        message:
          "graph.people is quarantined: stored queries find_person and list_people of graph people share the MCP tool name 'people'",
      },
    });
    // Distinct tool names serve the graph, each query under its tool name.
    const served = await openServedGraph({
      id: 'people',
      uri,
      queries,
      toolNames: new Map([['list_people', 'everyone']]),
    });
    if (served.kind !== 'served') throw new Error(served.diagnostic.message);
    expect([...served.served.storedQueries.values()].map((query) => query.toolName)).toEqual([
      'find_person',
      'everyone',
      'account',
    ]);
    await served.served.graph.close();
  });
});

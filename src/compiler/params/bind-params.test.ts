import { describe, expect, it } from 'vitest';
import { isOmniError } from '../../util/omni-error.js';
import type { ParamIR } from '../ir/query-ir.js';
import type { ParamType } from '../query/ast.js';
import { bindParams } from './bind-params.js';

function param(name: string, type: ParamType, nullable = false): ParamIR {
  return { name, type, nullable };
}

const scalar = (
  name: string,
  s: Extract<ParamType, { kind: 'scalar' }>['scalar'],
  nullable = false,
) => param(name, { kind: 'scalar', scalar: s }, nullable);

function bindOne(p: ParamIR, value: unknown) {
  return bindParams({ params: [p] }, { [p.name]: value })[p.name];
}

function paramError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isOmniError(error, 'param_error')) return error.message;
    throw error;
  }
  throw new Error('expected a param_error');
}

describe('bindParams: scalars', () => {
  it('binds every scalar type', () => {
    expect(bindOne(scalar('s', 'String'), 'Alice')).toEqual({ kind: 'string', value: 'Alice' });
    expect(bindOne(scalar('b', 'Bool'), true)).toEqual({ kind: 'bool', value: true });
    expect(bindOne(scalar('i', 'I32'), -5)).toEqual({ kind: 'int', type: 'I32', value: -5 });
    expect(bindOne(scalar('u', 'U32'), '42')).toEqual({ kind: 'int', type: 'U32', value: 42 });
    expect(bindOne(scalar('l', 'I64'), 7)).toEqual({ kind: 'bigint', type: 'I64', value: 7n });
    expect(bindOne(scalar('f', 'F32'), 1.5)).toEqual({ kind: 'float', type: 'F32', value: 1.5 });
    expect(bindOne(scalar('g', 'F64'), 2)).toEqual({ kind: 'float', type: 'F64', value: 2 });
    expect(bindOne(scalar('d', 'Date'), '1970-01-03')).toEqual({ kind: 'date', days: 2 });
    expect(bindOne(scalar('t', 'DateTime'), '1970-01-01T00:00:02Z')).toEqual({
      kind: 'datetime',
      ms: 2000,
    });
    expect(bindOne(scalar('x', 'Blob'), 'base64:aGk=')).toEqual({
      kind: 'blob',
      source: 'base64',
      data: 'aGk=',
    });
    expect(bindOne(scalar('y', 'Blob'), 's3://bucket/key')).toEqual({
      kind: 'blob',
      source: 'uri',
      data: 's3://bucket/key',
    });
  });

  it('keeps 64-bit integers exact when given as decimal strings', () => {
    expect(bindOne(scalar('l', 'I64'), '-9223372036854775808')).toEqual({
      kind: 'bigint',
      type: 'I64',
      value: -9223372036854775808n,
    });
    expect(bindOne(scalar('u', 'U64'), '9223372036854775807')).toMatchObject({
      value: 9223372036854775807n,
    });
  });

  it('takes bigints (JSON integers parsed exactly), range-checked, and as floats', () => {
    expect(bindOne(scalar('u', 'U64'), 9223372036854775807n)).toMatchObject({
      value: 9223372036854775807n,
    });
    expect(paramError(() => bindOne(scalar('u', 'U64'), -1n))).toContain('exceeds U64');
    expect(paramError(() => bindOne(scalar('i', 'I32'), 2n ** 40n))).toContain('exceeds I32');
    expect(bindOne(scalar('f', 'F64'), 2n ** 70n)).toEqual({
      kind: 'float',
      type: 'F64',
      value: 2 ** 70,
    });
  });

  it.each([
    [scalar('i', 'I32'), 2147483648, "param 'i': value 2147483648 exceeds I32"],
    [scalar('u', 'U32'), -1, "param 'u': value -1 exceeds U32"],
    [scalar('u', 'U64'), '9223372036854775808', "param 'u': value 9223372036854775808 exceeds U64"],
    [scalar('l', 'I64'), 2 ** 53 + 2, 'outside ±(2^53−1)'],
    [scalar('i', 'I32'), 1.5, "param 'i': expected I32, got number 1.5"],
    [scalar('i', 'I32'), '12abc', 'expected I32, got string "12abc"'],
    [scalar('f', 'F32'), 1e39, 'value 1e+39 exceeds F32'],
    [scalar('f', 'F64'), '1.5', 'expected F64, got string'],
    [scalar('b', 'Bool'), 'true', 'expected Bool, got string'],
    [scalar('s', 'String'), 5, 'expected String, got number 5'],
    [scalar('s', 'String'), { a: 1 }, 'objects are not accepted'],
    [scalar('d', 'Date'), '2024-02-30', "invalid Date '2024-02-30'"],
    [scalar('t', 'DateTime'), 'noon', "invalid DateTime 'noon'"],
    [scalar('x', 'Blob'), 'base64:!!', 'invalid base64 payload'],
    [scalar('x', 'Blob'), 'just text', 'expected a URI or base64:<payload>'],
  ])('rejects %j ← %j', (p, value, message) => {
    expect(paramError(() => bindOne(p, value))).toContain(message);
  });
});

describe('bindParams: lists and vectors', () => {
  it('binds lists item by item', () => {
    expect(bindOne(param('l', { kind: 'list', element: 'I32' }), [1, '2'])).toEqual({
      kind: 'list',
      element: 'I32',
      items: [
        { kind: 'int', type: 'I32', value: 1 },
        { kind: 'int', type: 'I32', value: 2 },
      ],
    });
  });

  it('binds vectors of exactly N numbers', () => {
    expect(bindOne(param('v', { kind: 'vector', dimension: 3 }), [0.5, 1, 2])).toEqual({
      kind: 'vector',
      values: [0.5, 1, 2],
    });
  });

  it.each([
    [
      param('l', { kind: 'list', element: 'String' }),
      'a',
      "param 'l': expected [String], got string",
    ],
    [param('l', { kind: 'list', element: 'String' }), ['a', null], 'list item 1 is null'],
    [param('l', { kind: 'list', element: 'I32' }), [1, 'x'], 'list item 1: expected I32'],
    [
      param('v', { kind: 'vector', dimension: 3 }),
      [1, 2],
      "param 'v': expects 3 dimensions, got 2",
    ],
    [param('v', { kind: 'vector', dimension: 2 }), [1, 'x'], 'vector item 1 must be a number'],
  ])('rejects %j ← %j', (p, value, message) => {
    expect(paramError(() => bindOne(p, value))).toContain(message);
  });
});

describe('bindParams: presence and nulls', () => {
  const params = [scalar('name', 'String'), scalar('age', 'I32', true)];

  it('makes absent and null nullable params null', () => {
    expect(bindParams({ params }, { name: 'A' })).toEqual({
      name: { kind: 'string', value: 'A' },
      age: { kind: 'null' },
    });
    expect(bindParams({ params }, { name: 'A', age: null }).age).toEqual({ kind: 'null' });
  });

  it('requires non-nullable params', () => {
    expect(paramError(() => bindParams({ params }, {}))).toBe(
      "param 'name': parameter not provided",
    );
    expect(paramError(() => bindParams({ params }, undefined))).toBe(
      "param 'name': parameter not provided",
    );
    expect(paramError(() => bindParams({ params }, { name: null }))).toBe(
      "param 'name': null is not accepted for non-nullable parameter",
    );
  });

  it('accepts null or absent params for a query without parameters', () => {
    expect(bindParams({ params: [] }, null)).toEqual({});
    expect(bindParams({ params: [] }, undefined)).toEqual({});
  });

  it('rejects params that are not an object', () => {
    expect(paramError(() => bindParams({ params }, [1]))).toBe('params must be a JSON object');
    expect(paramError(() => bindParams({ params }, 'x'))).toBe('params must be a JSON object');
  });

  it('names the parameter in details', () => {
    try {
      bindParams({ params }, { name: 3 });
    } catch (error) {
      expect(isOmniError(error, 'param_error') && error.details).toEqual({ param: 'name' });
    }
    expect.assertions(1);
  });

  it('rejects a key the query does not declare, listing the declared ones', () => {
    expect(paramError(() => bindParams({ params }, { name: 'A', nmae: 'B' }))).toBe(
      "param 'nmae': unknown parameter (declared: name, age); did you mean 'name'?",
    );
    // Checked before the declared ones, so a misspelled required param is named as unknown.
    expect(paramError(() => bindParams({ params }, { nmae: 'B' }))).toContain("param 'nmae'");
    expect(paramError(() => bindParams({ params }, { name: 'A', $age: 3 }))).toBe(
      "param '$age': unknown parameter (declared: name, age); did you mean 'age'?",
    );
    expect(paramError(() => bindParams({ params }, { name: 'A', other: 1 }))).toBe(
      "param 'other': unknown parameter (declared: name, age)",
    );
    expect(paramError(() => bindParams({ params: [] }, { s: 'x' }))).toBe(
      "param 's': unknown parameter (the query declares none)",
    );
    // A null value does not make an unknown key acceptable.
    expect(paramError(() => bindParams({ params: [] }, { n: null }))).toContain("param 'n'");
  });

  it('carries the unknown param, the declared ones and the suggestion in details', () => {
    try {
      bindParams({ params }, { name: 'A', agee: 1 });
    } catch (error) {
      expect(isOmniError(error, 'param_error') && error.details).toEqual({
        param: 'agee',
        declared: ['name', 'age'],
        suggestion: 'age',
      });
    }
    expect.assertions(1);
  });
});

describe('bindParams: text', () => {
  const params = [scalar('name', 'String'), param('tags', { kind: 'list', element: 'String' })];

  function badRequest(run: () => unknown): { message: string; details: unknown } {
    try {
      run();
    } catch (error) {
      if (isOmniError(error, 'bad_request'))
        return { message: error.message, details: error.details };
      throw error;
    }
    throw new Error('expected a bad_request');
  }

  it('refuses text that is not well-formed Unicode, naming the param', () => {
    expect(badRequest(() => bindParams({ params }, { name: 'a\ud800', tags: [] }))).toEqual({
      message: "param 'name' is not well-formed Unicode: lone surrogate U+D800 at character 2",
      details: { param: 'name' },
    });
    expect(
      badRequest(() => bindParams({ params }, { name: 'ok', tags: ['x', '\udfff'] })).message,
    ).toBe("param 'tags' item 1 is not well-formed Unicode: lone surrogate U+DFFF at character 1");
    // Dates and other text-typed params follow the same rule.
    const day = [scalar('day', 'Date')];
    expect(badRequest(() => bindParams({ params: day }, { day: '\ud800' })).message).toContain(
      "param 'day' is not well-formed Unicode",
    );
  });

  it('binds well-formed text exactly as given, astral characters and U+FFFD included', () => {
    const name = '\u{1F600}\ufffd e\u0301';
    expect(bindParams({ params }, { name, tags: [name] })).toEqual({
      name: { kind: 'string', value: name },
      tags: { kind: 'list', element: 'String', items: [{ kind: 'string', value: name }] },
    });
  });
});

import { describe, expect, it } from 'vitest';
import {
  parseRecordLine,
  withDataMember,
  withoutDataMember,
  type NodeLine,
} from '../../../src/cli/embed/record-line.js';
import { parseSelector } from '../../../src/cli/embed/embed-selection.js';
import { recordText } from '../../../src/cli/embed/record-text.js';

const place = { file: 'raw.jsonl', line: 1 };

function node(text: string): NodeLine {
  const record = parseRecordLine(text, place);
  if (record.kind !== 'node') throw new Error('not a node');
  return record;
}

/** Sets then removes `v` on `text`, checking both edits. */
function edits(text: string, set: string, removed: string): void {
  const record = node(text);
  if (record.data === undefined) throw new Error('no data');
  expect(withDataMember(text, record.data, 'v', '[1,2]')).toBe(set);
  expect(withoutDataMember(text, record.data, 'v')).toBe(removed);
}

describe('record lines: edits by span keep every other byte', () => {
  it('skips strings holding braces, quotes and escapes, and nested values', () => {
    edits(
      '{"type":"T","data":{"a":"}{\\"]","b":{"c":[1,{"d":"}"}]},"v":null,"e":-1.5e3}}',
      '{"type":"T","data":{"a":"}{\\"]","b":{"c":[1,{"d":"}"}]},"v":[1,2],"e":-1.5e3}}',
      '{"type":"T","data":{"a":"}{\\"]","b":{"c":[1,{"d":"}"}]},"e":-1.5e3}}',
    );
  });

  it('matches a member name written with escapes, and keeps tabs and spaces', () => {
    edits(
      '{ "data" :\t{ "\\u0076" : 0 ,\t"a":true } , "type" : "T" }',
      '{ "data" :\t{ "\\u0076" : [1,2] ,\t"a":true } , "type" : "T" }',
      '{ "data" :\t{ "a":true } , "type" : "T" }',
    );
  });

  it('appends after the last member, spaced like the members before it', () => {
    edits(
      '{"type":"T","data":{"a" : 1 , "b" : 2}}',
      '{"type":"T","data":{"a" : 1 , "b" : 2 , "v" : [1,2]}}',
      '{"type":"T","data":{"a" : 1 , "b" : 2}}',
    );
    edits('{"type":"T","data":{ }}', '{"type":"T","data":{"v":[1,2] }}', '{"type":"T","data":{ }}');
  });

  it('edges, and nodes without data, pass as they are', () => {
    expect(parseRecordLine('{"edge":"E","from":"a","to":"b"}', place).kind).toBe('edge');
    expect(node('{"type":"T"}').data).toBeUndefined();
  });

  it('builds the text from fields in the spec order, scalars as spelled', () => {
    const record = node('{"type":"T","data":{"b":"two","a":12345678901234567890,"c":[1,"x"]}}');
    expect(recordText(record, ['a', 'b', 'c'], place)).toBe('12345678901234567890\ntwo\n1, x');
  });

  it('reads no member from the prototype', () => {
    expect(() => recordText(node('{"type":"T","data":{}}'), ['toString'], place)).toThrow(
      "line 1 of 'raw.jsonl': T field 'toString' is missing",
    );
  });
});

describe('selectors', () => {
  it('split the type at the first colon, alternatives at |, each at its first =', () => {
    expect(parseSelector('Doc:url=http://x?a=b|title=')).toEqual({
      text: 'Doc:url=http://x?a=b|title=',
      type: 'Doc',
      conditions: [
        { field: 'url', value: 'http://x?a=b' },
        { field: 'title', value: '' },
      ],
    });
  });
});

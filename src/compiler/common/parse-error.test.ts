import { describe, expect, it } from 'vitest';
import { isOmniError } from '../../util/omni-error.js';
import { parse } from '../generated/schema-parser.js';
import { parseErrorAt, runParser } from './parse-error.js';

function failure(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('runParser', () => {
  it('returns what the parser returns', () => {
    expect(runParser(parse, 'node A {}', { file: 'a.pg' })).toMatchObject({
      declarations: [{ kind: 'node', name: 'A' }],
    });
  });

  it('starts at the rule it is given', () => {
    expect(runParser(parse, 'I32?', { file: 'a.pg', startRule: 'type_ref' })).toMatchObject({
      core: { kind: 'scalar', scalar: 'I32' },
      nullable: true,
    });
  });

  it('reports file, line, column, what was expected and what was found', () => {
    const error = failure(() => runParser(parse, 'node A {\n  name String\n}', { file: 'a.pg' }));
    expect(isOmniError(error, 'parse_error')).toBe(true);
    expect((error as Error).message).toBe('parse error: a.pg:2:8: expected ":", found "S"');
    expect((error as { details: unknown }).details).toEqual({ file: 'a.pg', line: 2, column: 8 });
  });

  it('names the end of input', () => {
    const error = failure(() => runParser(parse, 'node A {', { file: 'a.pg' }));
    expect((error as Error).message).toMatch(
      /^parse error: a\.pg:1:9: expected .*"}".*, found end of input$/,
    );
  });

  it('reports an error raised by a grammar action at its position', () => {
    const error = failure(() =>
      runParser(parse, 'node A {\n  a: String @x("bad\\q")\n}', { file: 'a.pg' }),
    );
    expect((error as Error).message).toBe(
      'parse error: a.pg:2:16: unsupported escape sequence: \\q',
    );
  });
});

describe('parseErrorAt', () => {
  it('builds a parse error at a position', () => {
    const error = parseErrorAt('q.gq', { line: 3, column: 4 }, 'invalid limit');
    expect(error.code).toBe('parse_error');
    expect(error.message).toBe('parse error: q.gq:3:4: invalid limit');
    expect(error.details).toEqual({ file: 'q.gq', line: 3, column: 4 });
  });

  it('appends a suggestion to the message and details', () => {
    const error = parseErrorAt('s.pg', { line: 1, column: 2 }, "unknown type 'Strng'", 'String');
    expect(error.message).toBe(
      "parse error: s.pg:1:2: unknown type 'Strng'; did you mean 'String'?",
    );
    expect(error.details).toEqual({ file: 's.pg', line: 1, column: 2, suggestion: 'String' });
  });
});

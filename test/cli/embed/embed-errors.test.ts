import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEED, SPEC, embed, filesIn, omnigraph, seedText, workspace } from './embed-harness.js';

/** What a previous run left in out.jsonl: a failed run must leave it as it is. */
const PREVIOUS = '{"previous":"output"}\n';

/**
 * Runs embed in a workspace holding `files` and an out.jsonl from before, and checks that it
 * failed with `code`, wrote nothing (no new file, no temporary file left, out.jsonl intact) and
 * said `message` on stderr.
 */
async function refused(
  files: Readonly<Record<string, unknown>>,
  extra: readonly string[],
  exit: number,
  message: string | RegExp,
  env?: Readonly<Record<string, string>>,
): Promise<void> {
  const dir = await workspace({ 'out.jsonl': PREVIOUS, ...files });
  const before = await filesIn(dir);
  const run = await embed(dir, extra, env);
  expect(run.out).toBe('');
  if (typeof message === 'string') expect(run.err).toBe(`error: ${message}\n`);
  else expect(run.err).toMatch(message);
  expect(run.code).toBe(exit);
  expect(await filesIn(dir)).toEqual(before);
  expect(await readFile(path.join(dir, 'out.jsonl'), 'utf8')).toBe(PREVIOUS);
}

const seed = { 'raw.jsonl': seedText(), 'spec.json': SPEC };

describe('omnigraph embed: bad input is refused, naming what to fix, and nothing is written', () => {
  it('a spec that is not JSON, or breaks its shape', async () => {
    await refused(
      { ...seed, 'spec.json': '{"dimension": 4,' },
      [],
      1,
      /^error: embedding spec 'spec\.json': not valid JSON \(/,
    );
    const cases: [unknown, string][] = [
      [{ types: SPEC.types }, '`dimension`: '],
      [{ ...SPEC, dimension: 0 }, '`dimension`: must be at least 1'],
      [{ ...SPEC, dimension: 2.5 }, '`dimension`: must be a whole number'],
      [{ ...SPEC, model: 'x' }, 'the file: '],
      [{ dimension: 4, types: {} }, '`types`: must name at least one type'],
      [{ dimension: 4, types: { Doc: { target: 'e', fields: [] } } }, '`types.Doc.fields`: '],
      [{ dimension: 4, types: { Doc: { target: 'e', field: ['t'] } } }, '`types.Doc.fields`: '],
      [{ dimension: 4, types: { Doc: { target: 'e', fields: ['t'], x: 1 } } }, '`types.Doc`: '],
      [
        { dimension: 4, types: { Doc: { target: 'e', fields: ['t', 'e'] } } },
        "`types.Doc`: the target 'e' is also one of its fields; a vector is not text to embed",
      ],
    ];
    for (const [spec, problem] of cases) {
      const dir = await workspace({ 'raw.jsonl': seedText(), 'spec.json': spec });
      const run = await embed(dir);
      expect(run.err).toContain(`error: embedding spec 'spec.json': ${problem}`);
      expect(run.code).toBe(1);
      expect(await filesIn(dir)).toEqual(['raw.jsonl', 'spec.json']);
    }
  });

  it('a type the spec does not embed, in --type or --select, or a malformed selector', async () => {
    await refused(
      seed,
      ['--type', 'Dox'],
      2,
      "--type names type 'Dox', which the embedding spec 'spec.json' does not embed (did you mean 'Doc'?); its types: Doc, Note",
    );
    await refused(
      seed,
      ['--select', 'Tag:name=ml'],
      2,
      "--select 'Tag:name=ml' names type 'Tag', which the embedding spec 'spec.json' does not embed; its types: Doc, Note",
    );
    for (const selector of ['Doc', 'Doc:', ':slug=a', 'Doc:slug=a|=b', 'Doc:slug']) {
      await refused(
        seed,
        ['--select', selector],
        2,
        `--select '${selector}' is not \`Type:field=value\`, with more \`|field=value\` alternatives`,
      );
    }
    await refused(
      seed,
      ['--type', 'Note', '--select', 'Doc:slug=a'],
      2,
      "--select 'Doc:slug=a' names type 'Doc', which --type leaves out: add --type Doc or drop the selector",
    );
  });

  it('a selector that matches no record', async () => {
    await refused(
      seed,
      ['--select', 'Doc:slug=a', '--select', 'Doc:slug=zzz'],
      1,
      "--select 'Doc:slug=zzz' matched no record of 'raw.jsonl': check its type, fields and values",
    );
  });

  it('a record to embed that lacks a field, or holds no text in it', async () => {
    const note = (data: string): Record<string, unknown> => ({
      ...seed,
      'raw.jsonl': seedText([...SEED, `{"type":"Note","data":${data}}`]),
    });
    await refused(
      note('{"id":"n2"}'),
      [],
      1,
      "line 7 of 'raw.jsonl': Note field 'text' is missing; every field the embedding spec lists for the type must be present: add it to the record or drop it from `fields`",
    );
    await refused(
      { ...seed, 'raw.jsonl': seedText(['{"type":"Note"}']) },
      [],
      1,
      /^error: line 1 of 'raw\.jsonl': Note field 'text' is missing;/,
    );
    await refused(
      note('{"id":"n2","text":null}'),
      [],
      1,
      "line 7 of 'raw.jsonl': Note field 'text' is null; there is no text to embed",
    );
    await refused(
      note('{"id":"n2","text":{"a":1}}'),
      [],
      1,
      "line 7 of 'raw.jsonl': Note field 'text' is an object, not text",
    );
    await refused(
      note('{"id":"n2","text":["a",null]}'),
      [],
      1,
      "line 7 of 'raw.jsonl': Note field 'text' is a list holding more than text and numbers",
    );
    await refused(
      note('{"id":"n2","text":"  "}'),
      [],
      1,
      "line 7 of 'raw.jsonl': Note has no text to embed: 'text' is blank",
    );
    await refused(
      note('{"id":"n2","text":"a\\ud800"}'),
      [],
      1,
      "line 7 of 'raw.jsonl': Note field 'text' is not well-formed Unicode: lone surrogate U+D800 at character 2",
    );
  });

  it('a record whose field is missing fails the run even after earlier batches went out', async () => {
    const many = Array.from(
      { length: 200 },
      (_, i) => `{"type":"Note","data":{"code":"n${i}","text":"note ${i}"}}`,
    );
    many[180] = '{"type":"Note","data":{"id":"bad"}}';
    await refused(
      { ...seed, 'raw.jsonl': seedText(many) },
      [],
      1,
      /^error: line 181 of 'raw\.jsonl': Note field 'text' is missing;/,
    );
  });

  it('a vector kept by fill_missing that would not load', async () => {
    const lines = ['{"type":"Note","data":{"id":"n","text":"t","vec":[1,2]}}'];
    await refused(
      { ...seed, 'raw.jsonl': seedText(lines) },
      [],
      1,
      "line 1 of 'raw.jsonl': Note 'vec' holds 2 numbers, not a vector of 4 numbers: fix it, or re-embed it with --reembed-all or --select",
    );
    const text = ['{"type":"Note","data":{"id":"n","text":"t","vec":"no"}}'];
    await refused(
      { ...seed, 'raw.jsonl': seedText(text) },
      [],
      1,
      /^error: line 1 of 'raw\.jsonl': Note 'vec' holds "no", not a vector of 4 numbers/,
    );
  });

  it('lines that are not records of the load format', async () => {
    const cases: [string, string | RegExp][] = [
      ['{"type":"Doc",', /^error: line 2 of 'raw\.jsonl': not valid JSON \(/],
      [
        '[1,2]',
        'line 2 of \'raw.jsonl\': not a JSON object; each line is one {"type":…} node or {"edge":…} edge',
      ],
      [
        '{"data":{}}',
        "line 2 of 'raw.jsonl': a record has exactly one of `type` (a node) and `edge` (an edge)",
      ],
      [
        '{"type":"Doc","edge":"E"}',
        "line 2 of 'raw.jsonl': a record has exactly one of `type` (a node) and `edge` (an edge)",
      ],
      ['{"type":3}', "line 2 of 'raw.jsonl': `type` must be a string"],
      ['{"type":"Tag","data":[1]}', "line 2 of 'raw.jsonl': `data` must be an object"],
      [
        '{"type":"Tag","type":"Doc"}',
        "line 2 of 'raw.jsonl': member 'type' appears twice in the record",
      ],
      [
        '{"type":"Doc","data":{"title":"a","title":"b"}}',
        "line 2 of 'raw.jsonl': member 'title' appears twice in `data`",
      ],
    ];
    for (const [line, message] of cases) {
      await refused({ ...seed, 'raw.jsonl': seedText([SEED[4] ?? '', line]) }, [], 1, message);
    }
  });

  it('input bytes that are not UTF-8', async () => {
    const dir = await workspace({ 'spec.json': SPEC, 'out.jsonl': PREVIOUS });
    const bytes = Buffer.concat([
      Buffer.from(`${SEED[0] ?? ''}\n{"type":"Tag","data":{"name":"`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}}\n'),
    ]);
    await writeFile(path.join(dir, 'raw.jsonl'), bytes);
    const run = await embed(dir);
    expect(run.err).toBe(
      "error: line 2 of 'raw.jsonl': invalid UTF-8 byte 0xC3 at column 31; the input must be UTF-8 text\n",
    );
    expect(run.code).toBe(1);
    expect(await filesIn(dir)).toEqual(['out.jsonl', 'raw.jsonl', 'spec.json']);
    expect(await readFile(path.join(dir, 'out.jsonl'), 'utf8')).toBe(PREVIOUS);
  });

  it('files that cannot be read or written', async () => {
    await refused({ 'spec.json': SPEC }, [], 1, "cannot read input file 'raw.jsonl': no such file");
    await refused(
      { 'raw.jsonl': seedText() },
      [],
      1,
      "cannot read embedding spec file 'spec.json': no such file",
    );
    const dir = await workspace({ 'spec.json': SPEC });
    await mkdir(path.join(dir, 'raw.jsonl'));
    const run = await embed(dir);
    expect(run.err).toBe(
      "error: cannot read input file 'raw.jsonl': it is a directory, not a file\n",
    );
    const noDir = await workspace(seed);
    const out = await omnigraph(noDir, [
      'embed',
      ...['--input', 'raw.jsonl', '--output', 'missing/out.jsonl', '--spec', 'spec.json'],
    ]);
    expect(out.err).toBe(
      "error: cannot write output file 'missing/out.jsonl': its directory does not exist\n",
    );
    expect(out.code).toBe(1);
    await mkdir(path.join(noDir, 'adir'));
    const onDir = await omnigraph(noDir, [
      'embed',
      ...['--input', 'raw.jsonl', '--output', 'adir', '--spec', 'spec.json'],
    ]);
    expect(onDir.err).toBe(
      "error: cannot write output file 'adir': it is a directory, not a file\n",
    );
    expect(await filesIn(noDir)).toEqual(['adir', 'raw.jsonl', 'spec.json']);
  });

  it('a seed manifest that is missing, not YAML, or lacks a key', async () => {
    const dir = await workspace({ ...seed });
    const manifest = async (text: string): Promise<string> => {
      await writeFile(path.join(dir, 'seed.yaml'), text);
      const run = await omnigraph(dir, ['embed', '--seed', 'seed.yaml']);
      expect(run.code).toBe(1);
      return run.err;
    };
    const missing = await omnigraph(dir, ['embed', '--seed', 'nope.yaml']);
    expect(missing.err).toBe("error: cannot read seed manifest file 'nope.yaml': no such file\n");
    expect(await manifest('a: [1,\n')).toMatch(
      /^error: seed manifest 'seed\.yaml': not valid YAML: /,
    );
    expect(await manifest('artifacts:\n  embedded_seed: out.jsonl\nembeddings: spec.json\n')).toBe(
      "error: seed manifest 'seed.yaml': set `sources.raw_seed` to the path of the NDJSON to embed (or the legacy `seed.data`)\n",
    );
    expect(await manifest('sources:\n  raw_seed: raw.jsonl\nembeddings: spec.json\n')).toBe(
      "error: seed manifest 'seed.yaml': set `artifacts.embedded_seed` to the path of the NDJSON to write\n",
    );
    expect(
      await manifest('sources:\n  raw_seed: raw.jsonl\nartifacts:\n  embedded_seed: o.jsonl\n'),
    ).toBe(
      "error: seed manifest 'seed.yaml': set `embeddings` to the path of the embedding spec (JSON)\n",
    );
    expect(await manifest('embeddings: [1]\n')).toMatch(
      /^error: seed manifest 'seed\.yaml': `embeddings`: /,
    );
    expect(await manifest('- a\n')).toMatch(/^error: seed manifest 'seed\.yaml': the file: /);
    expect(await filesIn(dir)).toEqual(['raw.jsonl', 'seed.yaml', 'spec.json']);
  });

  it('flags that do not go together, or are missing', async () => {
    const dir = await workspace(seed);
    const usage = async (args: readonly string[], message: string): Promise<void> => {
      const run = await omnigraph(dir, ['embed', ...args]);
      expect(run.err).toContain(message);
      expect(run.code).toBe(2);
    };
    await usage(
      ['--seed', 's.yaml', '--input', 'raw.jsonl'],
      "option '--seed <manifest>' cannot be used with option '--input <file>'",
    );
    await usage(
      ['--input', 'raw.jsonl', '--spec', 'spec.json'],
      'error: `embed` needs --seed <manifest>, or --input, --output and --spec (missing: --output)',
    );
    await usage(
      ['--seed', 's.yaml', '--clean', '--reembed-all'],
      "option '--clean' cannot be used with option '--reembed-all'",
    );
    await usage(
      ['--store', 'g', '--seed', 's.yaml'],
      'error: `embed` is a local command; --store addresses a graph in storage and does not apply.',
    );
    expect(await filesIn(dir)).toEqual(['raw.jsonl', 'spec.json']);
  });

  it('reports a failure as the JSON error envelope with --json', async () => {
    const dir = await workspace({ ...seed, 'raw.jsonl': seedText(['{"type":"Note"}']) });
    const run = await embed(dir, ['--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.out)).toMatchObject({
      code: 'bad_request',
      error: expect.stringContaining(
        "line 1 of 'raw.jsonl': Note field 'text' is missing",
      ) as unknown,
    });
  });

  it('a remote provider without its API key is a configuration error naming the variable', async () => {
    await refused(
      seed,
      [],
      1,
      "embedding lines 1-4 of 'raw.jsonl' with gemini (gemini-embedding-2): the gemini embedding provider needs an API key: set GEMINI_API_KEY (or OMNIGRAPH_EMBED_PROVIDER=mock for offline use)",
      { OMNIGRAPH_EMBED_PROVIDER: 'gemini' },
    );
  });
});

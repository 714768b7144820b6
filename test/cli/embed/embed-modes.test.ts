import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  SEED,
  SPEC,
  embed,
  filesIn,
  linesOf,
  mockVector,
  omnigraph,
  seedText,
  workspace,
} from './embed-harness.js';

const [docA, docB, docC, note, tag, edge] = SEED as [
  string,
  string,
  string,
  string,
  string,
  string,
];

/** `line` with `after` inserted just before the last `}}` (the end of its `data`). */
const appended = (line: string, after: string): string => `${line.slice(0, -2)}${after}}}`;

describe('omnigraph embed: modes', () => {
  it('fill_missing embeds only records whose target is missing or null, in place, keeping every other byte', async () => {
    const dir = await workspace({ 'raw.jsonl': seedText(), 'spec.json': SPEC });
    const run = await embed(dir, ['--json']);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toEqual({
      input: 'raw.jsonl',
      output: 'out.jsonl',
      records: 6,
      selected_records: 4,
      embedded_records: 3,
      cleaned_records: 0,
      mode: 'fill_missing',
      dimension: 4,
      model: 'mock-embedding',
    });
    const a = JSON.stringify(await mockVector('Alpha\nfirst'));
    const b = JSON.stringify(await mockVector('Beta\nsecond'));
    const n = JSON.stringify(await mockVector('a note'));
    expect(await linesOf(dir, 'out.jsonl')).toEqual([
      // Appended spaced like its neighbours; the integer past 2^53 keeps its digits.
      appended(docA, `, "embedding": ${a}`),
      docB.replace('"embedding":null', `"embedding":${b}`),
      docC,
      appended(note, `,"vec":${n}`),
      tag,
      edge,
    ]);
    expect(await filesIn(dir)).toEqual(['out.jsonl', 'raw.jsonl', 'spec.json']);
  });

  it('prints one summary line without --json', async () => {
    const dir = await workspace({ 'raw.jsonl': seedText(), 'spec.json': SPEC });
    const run = await embed(dir);
    expect(run.out).toBe(
      'fill_missing: embedded 3 of 4 selected records (6 in all) with mock-embedding, dimension 4; wrote out.jsonl from raw.jsonl\n',
    );
  });

  it('is idempotent: embedding its own output embeds nothing and changes nothing', async () => {
    const dir = await workspace({ 'raw.jsonl': seedText(), 'spec.json': SPEC });
    await embed(dir);
    const first = await readFile(path.join(dir, 'out.jsonl'), 'utf8');
    const again = await omnigraph(dir, [
      'embed',
      ...['--input', 'out.jsonl', '--output', 'out.jsonl', '--spec', 'spec.json', '--json'],
    ]);
    expect(JSON.parse(again.out)).toMatchObject({ embedded_records: 0, selected_records: 4 });
    expect(await readFile(path.join(dir, 'out.jsonl'), 'utf8')).toBe(first);
  });

  it('reembed_all embeds every selected record, replacing existing vectors', async () => {
    const dir = await workspace({ 'raw.jsonl': seedText(), 'spec.json': SPEC });
    const run = await embed(dir, ['--reembed-all', '--json']);
    expect(JSON.parse(run.out)).toMatchObject({
      mode: 'reembed_all',
      selected_records: 4,
      embedded_records: 4,
    });
    const c = JSON.stringify(await mockVector('Gamma\nthird'));
    const lines = await linesOf(dir, 'out.jsonl');
    // The replaced vector stays where it was, first in `data`.
    expect(lines[2]).toBe(docC.replace('[1,0,0,0]', c));
  });

  it('--type restricts the run to the types named', async () => {
    const dir = await workspace({ 'raw.jsonl': seedText(), 'spec.json': SPEC });
    const run = await embed(dir, ['--type', 'Note', '--reembed-all', '--json']);
    expect(JSON.parse(run.out)).toMatchObject({ selected_records: 1, embedded_records: 1 });
    const lines = await linesOf(dir, 'out.jsonl');
    expect(lines.slice(0, 3)).toEqual([docA, docB, docC]);
    expect(lines[3]).toBe(appended(note, `,"vec":${JSON.stringify(await mockVector('a note'))}`));
  });

  it('reembed_selected re-embeds the records a selector matches, even with a vector; | is "or"; --select repeats', async () => {
    const dir = await workspace({ 'raw.jsonl': seedText(), 'spec.json': SPEC });
    const run = await embed(dir, ['--select', 'Doc:slug=c|slug=nope', '--json']);
    expect(JSON.parse(run.out)).toMatchObject({
      mode: 'reembed_selected',
      records: 6,
      selected_records: 1,
      embedded_records: 1,
    });
    const lines = await linesOf(dir, 'out.jsonl');
    expect(lines).toEqual([
      docA,
      docB,
      docC.replace('[1,0,0,0]', JSON.stringify(await mockVector('Gamma\nthird'))),
      note,
      tag,
      edge,
    ]);
    const two = await embed(dir, [
      ...['--select', 'Doc:year=9007199254740993', '--select', 'Note:code=n1', '--json'],
    ]);
    expect(JSON.parse(two.out)).toMatchObject({ selected_records: 2, embedded_records: 2 });
  });

  it('--reembed-all with --select re-embeds only the selected records', async () => {
    const dir = await workspace({ 'raw.jsonl': seedText(), 'spec.json': SPEC });
    const run = await embed(dir, ['--reembed-all', '--select', 'Doc:title=Beta', '--json']);
    expect(JSON.parse(run.out)).toMatchObject({
      mode: 'reembed_all',
      selected_records: 1,
      embedded_records: 1,
    });
  });

  it('clean removes the target property of the selected records, and nothing else', async () => {
    const dir = await workspace({ 'raw.jsonl': seedText(), 'spec.json': SPEC });
    await embed(dir);
    const run = await omnigraph(dir, [
      'embed',
      ...['--input', 'out.jsonl', '--output', 'clean.jsonl', '--spec', 'spec.json'],
      ...['--clean', '--json'],
    ]);
    expect(JSON.parse(run.out)).toEqual({
      input: 'out.jsonl',
      output: 'clean.jsonl',
      records: 6,
      selected_records: 4,
      embedded_records: 0,
      cleaned_records: 4,
      mode: 'clean',
      dimension: 4,
      model: null,
    });
    expect(await linesOf(dir, 'clean.jsonl')).toEqual([
      docA,
      docB.replace(',"embedding":null', ''),
      docC.replace('"embedding":[1,0,0,0],', ''),
      note,
      tag,
      edge,
    ]);
    const human = await omnigraph(dir, [
      'embed',
      ...['--input', 'out.jsonl', '--output', 'clean.jsonl', '--spec', 'spec.json'],
      ...['--clean', '--select', 'Doc:slug=a'],
    ]);
    expect(human.out).toBe(
      'clean: removed the vector of 1 of 1 selected records (6 in all); wrote clean.jsonl from out.jsonl\n',
    );
  });

  it('clean removes an only member and a first member with their commas', async () => {
    const lines = [
      '{"type":"Note","data":{"vec":[1,2,3,4]}}',
      '{"type":"Note","data":{ "vec" : [1,2,3,4] , "id":"x","text":"t"}}',
      '{"type":"Note","data":{"id":"y","vec":null}}',
      '{"type":"Note"}',
    ];
    const dir = await workspace({ 'raw.jsonl': seedText(lines), 'spec.json': SPEC });
    const run = await embed(dir, ['--clean', '--json']);
    expect(JSON.parse(run.out)).toMatchObject({ selected_records: 4, cleaned_records: 3 });
    expect(await linesOf(dir, 'out.jsonl')).toEqual([
      '{"type":"Note","data":{}}',
      '{"type":"Note","data":{ "id":"x","text":"t"}}',
      '{"type":"Note","data":{"id":"y"}}',
      '{"type":"Note"}',
    ]);
  });

  it('writes into an empty data object, and embeds numbers and lists as the line spells them', async () => {
    const spec = { dimension: 3, types: { Item: { target: 'v', fields: ['n', 'tags', 'ok'] } } };
    const lines = ['{"type":"Item","data":{"n":1.50,"tags":["x",2],"ok":true}}'];
    const dir = await workspace({ 'raw.jsonl': seedText(lines), 'spec.json': spec });
    expect((await embed(dir)).code).toBe(0);
    const vector = JSON.stringify(await mockVector('1.50\nx, 2\ntrue', 3));
    expect(await linesOf(dir, 'out.jsonl')).toEqual([
      `{"type":"Item","data":{"n":1.50,"tags":["x",2],"ok":true,"v":${vector}}}`,
    ]);
  });

  it('drops blank lines and CR before LF, and keeps records past one batch in order', async () => {
    const many = Array.from(
      { length: 150 },
      (_, i) => `{"type":"Note","data":{"code":"n${i}","text":"note ${i}"}}`,
    );
    const text = `${many.slice(0, 70).join('\r\n')}\r\n\n   \n${many.slice(70).join('\n')}`;
    const dir = await workspace({ 'raw.jsonl': text, 'spec.json': SPEC });
    const run = await embed(dir, ['--json']);
    expect(JSON.parse(run.out)).toMatchObject({ records: 150, embedded_records: 150 });
    const lines = await linesOf(dir, 'out.jsonl');
    expect(lines).toHaveLength(150);
    expect(lines[149]).toBe(
      appended(many[149] ?? '', `,"vec":${JSON.stringify(await mockVector('note 149'))}`),
    );
  });

  it('reads the files from a seed manifest, relative to its directory; legacy seed.data too', async () => {
    const dir = await workspace({});
    const seedDir = path.join(dir, 'seed');
    await import('node:fs/promises').then(async (fs) => {
      await fs.mkdir(path.join(seedDir, 'artifacts'), { recursive: true });
      await fs.writeFile(path.join(seedDir, 'raw.jsonl'), seedText());
      await fs.writeFile(path.join(seedDir, 'spec.json'), JSON.stringify(SPEC));
      await fs.writeFile(
        path.join(seedDir, 'seed.yaml'),
        'name: demo\nsources:\n  raw_seed: raw.jsonl\n  other: x\nartifacts:\n  embedded_seed: artifacts/embedded.jsonl\nembeddings: spec.json\n',
      );
      await fs.writeFile(
        path.join(seedDir, 'legacy.yaml'),
        'seed:\n  data: raw.jsonl\nartifacts:\n  embedded_seed: legacy.jsonl\nembeddings: spec.json\n',
      );
    });
    const run = await omnigraph(dir, ['embed', '--seed', 'seed/seed.yaml', '--json']);
    expect(run.err).toBe('');
    expect(JSON.parse(run.out)).toMatchObject({
      input: path.join('seed', 'raw.jsonl'),
      output: path.join('seed', 'artifacts', 'embedded.jsonl'),
      embedded_records: 3,
    });
    expect(await linesOf(seedDir, 'artifacts/embedded.jsonl')).toHaveLength(6);
    const legacy = await omnigraph(seedDir, ['embed', '--seed', 'legacy.yaml', '--json']);
    expect(JSON.parse(legacy.out)).toMatchObject({
      input: 'raw.jsonl',
      output: 'legacy.jsonl',
      embedded_records: 3,
    });
  });

  it('takes the same vectors from OMNIGRAPH_EMBEDDINGS_MOCK and follows OMNIGRAPH_EMBED_MODEL', async () => {
    const dir = await workspace({ 'raw.jsonl': seedText([SEED[3] ?? '']), 'spec.json': SPEC });
    const run = await embed(dir, ['--json'], {
      OMNIGRAPH_EMBEDDINGS_MOCK: '1',
      OMNIGRAPH_EMBED_MODEL: 'mock-embedding',
    });
    expect(JSON.parse(run.out)).toMatchObject({ model: 'mock-embedding', embedded_records: 1 });
    const other = await embed(dir, ['--json'], {
      OMNIGRAPH_EMBED_PROVIDER: 'mock',
      OMNIGRAPH_EMBED_MODEL: 'other-model',
    });
    expect(JSON.parse(other.out)).toMatchObject({ model: 'other-model' });
  });
});

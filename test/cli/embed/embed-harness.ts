import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../../../src/cli/program.js';
import { MockEmbeddingProvider } from '../../../src/embedding/index.js';
import { captureIo } from '../../helpers/capture-io.js';
import { freshTempDir } from '../../helpers/temp-dir.js';

/** The offline provider every in-process run uses unless a test sets another. */
export const MOCK_ENV = { OMNIGRAPH_EMBED_PROVIDER: 'mock' } as const;

/** A spec for `Doc` (title + body into `embedding`) and `Note` (text into `vec`). */
export const SPEC = {
  dimension: 4,
  types: {
    Doc: { target: 'embedding', fields: ['title', 'body'] },
    Note: { target: 'vec', fields: ['text'] },
  },
};

/** A schema the embedded output of {@link SEED} loads into. */
export const SCHEMA = `node Doc {
    slug: String @key
    title: String
    body: String
    year: I64?
    embedding: Vector(4)?
}
node Note {
    code: String @key
    text: String
    vec: Vector(4)?
}
node Tag {
    name: String @key
}
edge Tagged: Doc -> Tag
`;

/** Lines of every shape: spaced and compact, a vector present, null, missing, other types, an edge. */
export const SEED = [
  '{"type": "Doc", "data": {"slug": "a", "title": "Alpha", "body": "first", "year": 9007199254740993}}',
  '{"type":"Doc","data":{"slug":"b","title":"Beta","body":"second","embedding":null}}',
  '{"type":"Doc","data":{"embedding":[1,0,0,0],"slug":"c","title":"Gamma","body":"third"}}',
  '{"type":"Note","data":{"code":"n1","text":"a note"}}',
  '{"type":"Tag","data":{"name":"ml"}}',
  '{"edge":"Tagged","from":"a","to":"ml"}',
];

export interface EmbedRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** A fresh directory holding `files` (name → text, or a value written as JSON). */
export async function workspace(files: Readonly<Record<string, unknown>>): Promise<string> {
  const dir = await freshTempDir('embed');
  for (const [name, content] of Object.entries(files)) {
    const text = typeof content === 'string' ? content : JSON.stringify(content);
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

/** The seed as a file's text. */
export const seedText = (lines: readonly string[] = SEED): string => `${lines.join('\n')}\n`;

/** Runs `omnigraph <args>` in process, in `dir`. */
export async function omnigraph(
  dir: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = MOCK_ENV,
): Promise<EmbedRun> {
  const io = captureIo(dir, [], env);
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** Runs `omnigraph embed --input raw.jsonl --output out.jsonl --spec spec.json <extra>`. */
export function embed(
  dir: string,
  extra: readonly string[] = [],
  env: Readonly<Record<string, string>> = MOCK_ENV,
): Promise<EmbedRun> {
  return omnigraph(
    dir,
    ['embed', '--input', 'raw.jsonl', '--output', 'out.jsonl', '--spec', 'spec.json', ...extra],
    env,
  );
}

/** The lines of a file in `dir`. */
export async function linesOf(dir: string, name: string): Promise<string[]> {
  const text = await readFile(path.join(dir, name), 'utf8');
  return text.split('\n').filter((line) => line !== '');
}

/** The file names in `dir`, sorted (temporary files included: a failed run leaves none). */
export async function filesIn(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

/** The vector the mock provider gives `text` (the default mock model, dimension 4). */
export async function mockVector(text: string, dimension = 4): Promise<number[]> {
  const [vector] = await new MockEmbeddingProvider('mock-embedding').embed([text], {
    dimension,
    task: 'document',
  });
  return vector ?? [];
}

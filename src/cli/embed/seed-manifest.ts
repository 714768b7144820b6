import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { messageOf, OmniError } from '../../util/omni-error.js';
import type { CliIo } from '../cli-io.js';
import { firstProblem } from '../operator/known-keys.js';
import { readTextFile } from '../read-text-file.js';
import { fileFromFlag, type EmbedFile } from './embed-file.js';

/** The three files of an `embed` run. */
export interface EmbedFiles {
  readonly input: EmbedFile;
  readonly output: EmbedFile;
  readonly spec: EmbedFile;
}

const PATH = z.string().trim().min(1, 'must be a path');

/**
 * The keys of a seed manifest `embed` reads; the others belong to other tools and are ignored.
 * `seed.data` is the older name of `sources.raw_seed`.
 */
const MANIFEST_SHAPE = z.object({
  sources: z.object({ raw_seed: PATH.optional() }).nullish(),
  artifacts: z.object({ embedded_seed: PATH.optional() }).nullish(),
  embeddings: PATH.optional(),
  seed: z.object({ data: PATH.optional() }).nullish(),
});

function manifestError(file: string, problem: string): OmniError {
  return new OmniError('bad_request', `seed manifest '${file}': ${problem}`, {
    details: { file },
  });
}

/**
 * Reads the input, output and spec paths from a seed manifest (YAML): `sources.raw_seed` (or
 * the legacy `seed.data`), `artifacts.embedded_seed` and `embeddings`, each relative to the
 * manifest's directory. A missing key is a `bad_request` naming it.
 */
export async function readSeedManifest(io: CliIo, given: string): Promise<EmbedFiles> {
  const text = await readTextFile(io, given, 'seed manifest');
  let value: unknown;
  try {
    value = parseYaml(text) ?? {};
  } catch (error) {
    throw manifestError(given, `not valid YAML: ${messageOf(error).split('\n', 1)[0] ?? ''}`);
  }
  const parsed = MANIFEST_SHAPE.safeParse(value);
  if (!parsed.success) throw manifestError(given, firstProblem(parsed.error));
  const manifest = parsed.data;
  const entry = (value: string | undefined, key: string, what: string): EmbedFile => {
    if (value === undefined) throw manifestError(given, `set \`${key}\` to the path of ${what}`);
    const named = path.isAbsolute(value) ? value : path.join(path.dirname(given), value);
    return fileFromFlag(io.cwd, named);
  };
  return {
    input: entry(
      manifest.sources?.raw_seed ?? manifest.seed?.data,
      'sources.raw_seed',
      'the NDJSON to embed (or the legacy `seed.data`)',
    ),
    output: entry(
      manifest.artifacts?.embedded_seed,
      'artifacts.embedded_seed',
      'the NDJSON to write',
    ),
    spec: entry(manifest.embeddings, 'embeddings', 'the embedding spec (JSON)'),
  };
}

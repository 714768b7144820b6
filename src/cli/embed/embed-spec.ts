import { z } from 'zod';
import { messageOf, OmniError } from '../../util/omni-error.js';
import type { CliIo } from '../cli-io.js';
import { firstProblem } from '../operator/known-keys.js';
import { readTextFile } from '../read-text-file.js';

/** What one node type embeds: the text of `fields`, into the vector property `target`. */
export interface TypeEmbedding {
  readonly target: string;
  readonly fields: readonly string[];
}

/** An embedding spec: `{dimension, types: {<Type>: {target, fields}}}`. */
export interface EmbedSpec {
  /** Where it was read from, as the user named it. */
  readonly file: string;
  /** The length of every vector: the target properties' `Vector(N)`. */
  readonly dimension: number;
  readonly types: ReadonlyMap<string, TypeEmbedding>;
}

const NAME = z.string().min(1, 'must not be empty');

const TYPE_SHAPE = z.strictObject({
  target: NAME,
  fields: z.array(NAME).min(1, 'must list at least one field'),
});

const SPEC_SHAPE = z.strictObject({
  dimension: z.number().int('must be a whole number').positive('must be at least 1'),
  types: z
    .record(NAME, TYPE_SHAPE)
    .refine((types) => Object.keys(types).length > 0, 'must name at least one type'),
});

function specError(file: string, problem: string): OmniError {
  return new OmniError('bad_request', `embedding spec '${file}': ${problem}`, {
    details: { file },
  });
}

/**
 * Parses an embedding spec's JSON. Unknown keys, a missing or non-positive `dimension`, a type
 * without `target` or `fields`, or a type that embeds its own target are `bad_request` errors
 * naming the file and the key.
 */
export function parseEmbedSpec(file: string, text: string): EmbedSpec {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw specError(file, `not valid JSON (${messageOf(error)})`);
  }
  const parsed = SPEC_SHAPE.safeParse(value);
  if (!parsed.success) throw specError(file, firstProblem(parsed.error));
  const types = new Map<string, TypeEmbedding>();
  for (const [type, embedding] of Object.entries(parsed.data.types)) {
    if (embedding.fields.includes(embedding.target)) {
      throw specError(
        file,
        `\`types.${type}\`: the target '${embedding.target}' is also one of its fields; a vector is not text to embed`,
      );
    }
    types.set(type, embedding);
  }
  return { file, dimension: parsed.data.dimension, types };
}

/** Reads and parses the embedding spec at `file` (relative to the working directory). */
export async function readEmbedSpec(io: CliIo, file: string): Promise<EmbedSpec> {
  return parseEmbedSpec(file, await readTextFile(io, file, 'embedding spec'));
}

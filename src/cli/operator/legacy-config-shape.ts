import { z } from 'zod';

const text = z.string().trim().min(1, 'may not be empty');

/**
 * The keys of a legacy project `omnigraph.yaml` that `config migrate` knows how to carry over
 * or explain; any other key is reported as not carried over.
 */
export const legacyConfigShape = z.strictObject({
  project: z.strictObject({ name: text.optional() }).optional(),
  graphs: z
    .record(z.string(), z.strictObject({ uri: text, bearer_token_env: text.optional() }))
    .optional(),
  cli: z
    .strictObject({
      graph: text.optional(),
      branch: text.optional(),
      output_format: text.optional(),
      table_max_column_width: z.int().optional(),
      table_cell_layout: text.optional(),
    })
    .optional(),
  query: z.strictObject({ roots: z.array(text).optional() }).optional(),
  aliases: z
    .record(
      z.string(),
      z.strictObject({
        command: text.optional(),
        query: text.optional(),
        name: text.optional(),
        args: z.array(text).optional(),
        format: text.optional(),
        graph: text.optional(),
      }),
    )
    .optional(),
  auth: z.strictObject({ env_file: text.optional() }).optional(),
  policy: z.strictObject({ file: text.optional() }).optional(),
  server: z.unknown().optional(),
});

/** A legacy `omnigraph.yaml` as far as migration reads it. */
export type LegacyConfig = z.infer<typeof legacyConfigShape>;

/** One legacy alias. */
export type LegacyAlias = NonNullable<LegacyConfig['aliases']>[string];

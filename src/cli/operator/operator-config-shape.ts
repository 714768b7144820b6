import { z } from 'zod';
import { READ_FORMATS } from '../read-format.js';
import { parseServerUrl } from './server-url.js';

/**
 * A name under `servers:`, `clusters:`, `profiles:` or `aliases:`. Server names become part of
 * an environment variable (`OMNIGRAPH_TOKEN_<NAME>`), so they keep to letters, digits, `_`, `-`.
 */
export const NAME_PATTERN = /^[A-Za-z0-9_-]+$/;
const name = z.string().regex(NAME_PATTERN, 'a name is letters, digits, `_` and `-`');
const text = z.string().trim().min(1, 'may not be empty');

const serverUrl = z
  .string()
  .refine(
    (url) => parseServerUrl(url) !== undefined,
    'must be an http:// or https:// URL without credentials, query or fragment',
  );

/** What `alias`'s `command:` may say: both spellings of a read, both of a mutation. */
export const ALIAS_COMMANDS = ['read', 'query', 'change', 'mutate'] as const;

const server = z.strictObject({ url: serverUrl });

const defaults = z.strictObject({
  output: z.enum(READ_FORMATS).optional(),
  table_max_column_width: z.int().positive().optional(),
  table_cell_layout: z.enum(['truncate', 'wrap']).optional(),
  server: text.optional(),
  store: text.optional(),
  default_graph: text.optional(),
});

const cluster = z.strictObject({ root: text });

const profile = z.strictObject({
  server: text.optional(),
  cluster: text.optional(),
  store: text.optional(),
  default_graph: text.optional(),
});

const alias = z.strictObject({
  server: text,
  graph: text.optional(),
  query: text,
  args: z.array(text).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  format: z.enum(READ_FORMATS).optional(),
  command: z.enum(ALIAS_COMMANDS).optional(),
});

/** The shape of `~/.omnigraph/config.yaml` (docs/reference/operator-config.md). */
export const operatorConfigShape = z.strictObject({
  operator: z.strictObject({ actor: text.optional() }).optional(),
  servers: z.record(name, server).optional(),
  defaults: defaults.optional(),
  clusters: z.record(name, cluster).optional(),
  profiles: z.record(name, profile).optional(),
  aliases: z.record(name, alias).optional(),
});

/** The operator config as parsed: every section optional, as written. */
export type OperatorConfig = z.infer<typeof operatorConfigShape>;

/** `defaults:` of the operator config. */
export type OperatorDefaults = NonNullable<OperatorConfig['defaults']>;

/** One `profiles.<name>` entry. */
export type Profile = NonNullable<OperatorConfig['profiles']>[string];

/** One `aliases.<name>` entry. */
export type AliasConfig = NonNullable<OperatorConfig['aliases']>[string];

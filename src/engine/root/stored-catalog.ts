import { z } from 'zod';
import { SCALAR_TYPES, type Catalog } from '../../compiler/catalog/catalog.js';
import type { JsonShape } from '../../storage/json-object.js';
import { SCALAR_KINDS } from '../lance/index.js';

/** A value as JSON stores it: `bigint`s (integer `@range` bounds) are decimal strings. */
type Stored<T> = T extends bigint
  ? string
  : T extends readonly (infer E)[]
    ? readonly Stored<E>[]
    : T extends object
      ? { readonly [K in keyof T]: Stored<T[K]> }
      : T;

/** The stored catalog document: the catalog, as JSON holds it, with its format version. */
type StoredCatalog = Stored<Catalog> & { readonly version: number };

const id = z.number().int().nonnegative();
const name = z.string().min(1);
const scalar = z.enum(SCALAR_TYPES);

const annotation = z.object({
  name,
  value: z.string().nullable(),
  kwargs: z.record(z.string(), z.string()),
});

const property = z.object({
  id,
  name,
  type: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('scalar'), scalar }),
    z.object({ kind: z.literal('list'), element: scalar }),
    z.object({ kind: z.literal('enum'), values: z.array(z.string()) }),
    z.object({ kind: z.literal('vector'), dimension: z.number().int().positive() }),
  ]),
  nullable: z.boolean(),
  annotations: z.array(annotation),
  description: z.string().nullable(),
  embed: z.object({ source: name, model: z.string().nullable() }).nullable(),
  renameFrom: z.string().nullable(),
});

const bound = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('integer'), value: z.string().regex(/^-?\d+$/) }),
    z.object({ kind: z.literal('float'), value: z.number() }),
  ])
  .nullable();

const constraint = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('key'), properties: z.array(name) }),
  z.object({ kind: z.literal('unique'), properties: z.array(name) }),
  z.object({ kind: z.literal('index'), properties: z.array(name) }),
  z.object({ kind: z.literal('range'), property: name, min: bound, max: bound }),
  z.object({ kind: z.literal('check'), property: name, pattern: z.string() }),
]);

const arrowScalar = z.object({ kind: z.enum(SCALAR_KINDS) });

const column = z.object({
  name,
  type: z.union([
    arrowScalar,
    z.object({ kind: z.literal('fixed_size_list'), dimension: z.number().int().positive() }),
    z.object({ kind: z.literal('list'), element: arrowScalar }),
  ]),
  nullable: z.boolean(),
  propertyId: id.nullable(),
  indexes: z.array(z.enum(['btree', 'fts', 'vector'])),
});

const dataType = {
  id,
  name,
  properties: z.array(property),
  constraints: z.array(constraint),
  annotations: z.array(annotation),
  description: z.string().nullable(),
  instruction: z.string().nullable(),
  renameFrom: z.string().nullable(),
  columns: z.array(column),
};

/**
 * How an accepted schema's compiled catalog (`_og/schemas/<id>.catalog.json`) is checked
 * before it is decoded. Typed against the catalog, so a change of its shape fails to compile
 * here until this schema follows.
 */
export const STORED_CATALOG: JsonShape<StoredCatalog> = {
  name: 'schema catalog',
  schema: z.object({
    version: z.number().int().positive(),
    interfaces: z.array(
      z.object({ kind: z.literal('interface'), id, name, properties: z.array(property) }),
    ),
    nodeTypes: z.array(
      z.object({
        ...dataType,
        kind: z.literal('node'),
        implements: z.array(name),
        key: z.array(name).nullable(),
      }),
    ),
    edgeTypes: z.array(
      z.object({
        ...dataType,
        kind: z.literal('edge'),
        from: name,
        to: name,
        cardinality: z.object({ min: id, max: id.nullable() }),
      }),
    ),
    nextId: id,
  }),
};

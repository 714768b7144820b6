import { newUlid } from '../../util/ulid.js';
import type { Catalog } from '../../compiler/catalog/catalog.js';
import { catalogFromJson, catalogToJson } from '../../compiler/catalog/catalog-json.js';
import type { ObjectStore } from '../../storage/object-store.js';
import { PutModes } from '../../storage/object-store.js';
import { parseStoredJson } from '../../storage/json-object.js';
import { GraphKeys } from './graph-layout.js';
import { STORED_CATALOG } from './stored-catalog.js';

/** An accepted schema: its `.pg` source and compiled catalog, under an immutable id. */
export interface AcceptedSchema {
  readonly id: string;
  readonly source: string;
  readonly catalog: Catalog;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Stores a newly accepted schema under a fresh id; it is referenced once a manifest names it. */
export async function writeAcceptedSchema(
  store: ObjectStore,
  source: string,
  catalog: Catalog,
): Promise<AcceptedSchema> {
  const id = newUlid();
  await store.put(GraphKeys.schemaSource(id), encoder.encode(source), PutModes.create);
  await store.put(
    GraphKeys.schemaCatalog(id),
    encoder.encode(catalogToJson(catalog)),
    PutModes.create,
  );
  return { id, source, catalog };
}

/** Reads accepted schemas by id, cached forever (they are immutable). */
export class SchemaReader {
  readonly #store: ObjectStore;
  readonly #cache = new Map<string, Promise<AcceptedSchema>>();

  constructor(store: ObjectStore) {
    this.#store = store;
  }

  read(id: string): Promise<AcceptedSchema> {
    let pending = this.#cache.get(id);
    if (!pending) {
      pending = this.#load(id);
      pending.catch(() => this.#cache.delete(id));
      this.#cache.set(id, pending);
    }
    return pending;
  }

  async #load(id: string): Promise<AcceptedSchema> {
    const catalogKey = GraphKeys.schemaCatalog(id);
    const [source, catalog] = await Promise.all([
      this.#store.get(GraphKeys.schemaSource(id)),
      this.#store.get(catalogKey),
    ]);
    // Checked whole first: the decoder trusts the entries of a document of the right outline.
    parseStoredJson(catalog.bytes, catalogKey, STORED_CATALOG);
    return {
      id,
      source: decoder.decode(source.bytes),
      catalog: catalogFromJson(decoder.decode(catalog.bytes)),
    };
  }
}

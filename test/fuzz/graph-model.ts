// What the generators know about a graph's data: read from its export after each write, so that
// valid inputs name nodes that exist. Generated ids (ULIDs) are left out: they differ between
// runs, and an input that spelled one could not be replayed.
import { jsonText, type Json, type JsonObject } from './value-gen.js';

export interface ModelNode {
  readonly id: string;
  readonly data: JsonObject;
}

export interface ModelEdge {
  readonly from: string;
  readonly to: string;
  readonly data: JsonObject;
}

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export class GraphModel {
  readonly #nodes = new Map<string, ModelNode[]>();
  readonly #edges = new Map<string, ModelEdge[]>();

  /** The model of an export (`lines` in load format). */
  constructor(readonly lines: readonly string[]) {
    for (const line of lines) {
      const record = JSON.parse(line) as {
        type?: string;
        edge?: string;
        from?: string;
        to?: string;
        data: JsonObject;
      };
      if (record.type !== undefined) {
        const id =
          typeof record.data.id === 'string' ? record.data.id : jsonText(record.data.id ?? null);
        if (!ULID.test(id)) listOf(this.#nodes, record.type).push({ id, data: record.data });
      } else if (record.edge !== undefined) {
        listOf(this.#edges, record.edge).push({
          from: record.from ?? '',
          to: record.to ?? '',
          data: record.data,
        });
      }
    }
  }

  nodes(type: string): readonly ModelNode[] {
    return this.#nodes.get(type) ?? [];
  }

  edges(type: string): readonly ModelEdge[] {
    return this.#edges.get(type) ?? [];
  }

  /** Edges of `type` leaving `from`. */
  outDegree(type: string, from: string): number {
    return this.edges(type).filter((e) => e.from === from).length;
  }

  /**
   * Values a property holds somewhere (to write filters that match). Integers beyond 2^53 are
   * left out: the export spells them exactly, but they were parsed into doubles here.
   */
  values(type: string, property: string): readonly Json[] {
    return this.nodes(type)
      .map((n) => n.data[property])
      .filter((v): v is Json => v !== undefined && v !== null && !isInexact(v));
  }
}

function isInexact(value: Json): boolean {
  if (Array.isArray(value)) return value.some(isInexact);
  return typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value);
}

function listOf<T>(map: Map<string, T[]>, key: string): T[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}

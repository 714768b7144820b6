import type { StoredQuery } from '../stored-query.js';

/** A stored query as the tool catalog describes it: what an MCP tool is made from. */
export type StoredQueryDescription = Omit<StoredQuery, 'source'>;

/**
 * The stored queries of one graph, offered as MCP tools, and how to run them: a served graph's
 * (the server's gates), a cluster graph opened with the engine (its applied policy), or a
 * served graph reached through the remote client.
 */
export interface StoredQueryToolSource {
  /** The graph the tools query, named in the server's instructions. */
  readonly graphId: string;
  /**
   * The graph's stored queries, in name order. Fails (`forbidden`) when the caller may not
   * read the catalog (`read` on `main`).
   */
  list(): Promise<readonly StoredQueryDescription[]>;
  /**
   * Runs the stored query called `toolName` with `params` on `main`, and answers the engine's
   * result (a read's `QueryResult`, a mutation's `ChangeOutput`); undefined when no stored query
   * has that tool name. Fails as the query fails (`forbidden`, `bad_request` naming a param, …).
   */
  call(toolName: string, params: Readonly<Record<string, unknown>>): Promise<object | undefined>;
}

import type { SettingsInput } from '../../api/settings.js';
import { warningAt, type Diagnostic } from '../../cluster/index.js';
import { Omnigraph } from '../../engine/index.js';
import type { DecisionObserver, Policy } from '../../policy/index.js';
import { isOmniError, messageOf } from '../../util/omni-error.js';
import { isValidGraphId } from '../graph-id.js';
import type { ServedGraph } from '../graph-registry.js';
import { duplicateToolName, toolNameClashMessage } from '../mcp/tool-names.js';
import { compileStoredQuery, type StoredQuery, type StoredQueryInput } from '../stored-query.js';

/** Everything needed to open one applied graph for serving. */
export interface GraphOpening {
  readonly id: string;
  /** `store.graphUri(id)`. */
  readonly uri: string;
  /** Stored query name → the text of the catalog payload declaring it. */
  readonly queries: ReadonlyMap<string, string>;
  /**
   * Stored query name → the name MCP clients call it by, for the queries the cluster names
   * otherwise; the others are called by their own name.
   */
  readonly toolNames?: ReadonlyMap<string, string>;
  /** The bundle bound to this graph, compiled for its id. */
  readonly policy?: Policy;
  readonly onDecision?: DecisionObserver;
  readonly settings?: SettingsInput;
}

/** A graph ready to serve, or the reason it is quarantined. */
export type OpenedGraph =
  | { readonly kind: 'served'; readonly served: ServedGraph }
  | { readonly kind: 'quarantined'; readonly diagnostic: Diagnostic };

/**
 * Opens one graph with its policy and decision observer, reads its live schema (main's head)
 * and compiles every stored query against it. Any failure quarantines this graph only: an id
 * the HTTP surface cannot route (`invalid_resource_id`), a root that does not open
 * (`graph_observation_error`), a query that does not parse or typecheck (`query_parse_error`,
 * `query_typecheck_error`), two queries MCP clients would call by one tool name
 * (`duplicate_tool_name`). A graph that opened is closed again before it is quarantined.
 */
export async function openServedGraph(opening: GraphOpening): Promise<OpenedGraph> {
  const where = `graph.${opening.id}`;
  if (!isValidGraphId(opening.id)) {
    const message = `${where} is quarantined: '${opening.id}' is not a graph id the HTTP API can route (letters, digits and '-', at most 64, not reserved)`;
    return quarantined(warningAt('invalid_resource_id', where, message));
  }
  let graph: Omnigraph;
  try {
    graph = await Omnigraph.open(opening.uri, {
      ...(opening.settings === undefined ? {} : { settings: opening.settings }),
      ...(opening.policy === undefined ? {} : { policy: opening.policy }),
      ...(opening.onDecision === undefined ? {} : { onDecision: opening.onDecision }),
    });
  } catch (error) {
    const message = `${where} is quarantined: cannot open ${opening.uri}: ${messageOf(error)}`;
    return quarantined(warningAt('graph_observation_error', where, message));
  }
  try {
    // The engine's own view (no actor): the schema the stored queries must typecheck against.
    const schema = (await graph.resolve()).schema.source;
    const storedQueries = new Map<string, StoredQuery>();
    for (const [name, source] of opening.queries) {
      const toolName = opening.toolNames?.get(name);
      const compiled = compileQuery(
        opening.id,
        { name, source, ...(toolName === undefined ? {} : { toolName }) },
        schema,
      );
      if ('diagnostic' in compiled) {
        await graph.close();
        return quarantined(compiled.diagnostic);
      }
      storedQueries.set(name, compiled.query);
    }
    const clash = duplicateToolName(storedQueries.values());
    if (clash !== undefined) {
      await graph.close();
      const message = `${where} is quarantined: ${toolNameClashMessage(opening.id, clash)}`;
      return quarantined(warningAt('duplicate_tool_name', where, message));
    }
    const served: ServedGraph = {
      id: opening.id,
      graph,
      storedQueries,
      ...(opening.policy === undefined ? {} : { policy: opening.policy }),
    };
    return { kind: 'served', served };
  } catch (error) {
    await graph.close().catch(() => undefined);
    const message = `${where} is quarantined: cannot read its schema: ${messageOf(error)}`;
    return quarantined(warningAt('graph_observation_error', where, message));
  }
}

function compileQuery(
  graphId: string,
  input: StoredQueryInput,
  schema: string,
): { readonly query: StoredQuery } | { readonly diagnostic: Diagnostic } {
  const { name } = input;
  const address = `query.${graphId}.${name}`;
  try {
    return { query: compileStoredQuery({ ...input, file: address }, schema) };
  } catch (error) {
    const code = isOmniError(error, 'parse_error') ? 'query_parse_error' : 'query_typecheck_error';
    const message = `graph.${graphId} is quarantined: stored query ${name} no longer compiles against its live schema: ${messageOf(error)}`;
    return { diagnostic: warningAt(code, address, message) };
  }
}

function quarantined(diagnostic: Diagnostic): OpenedGraph {
  return { kind: 'quarantined', diagnostic };
}

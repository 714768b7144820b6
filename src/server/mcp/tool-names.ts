/** Two stored queries of one graph that MCP clients would call by one name. */
export interface ToolNameClash {
  readonly toolName: string;
  /** The two stored queries, in the order given. */
  readonly queries: readonly [string, string];
}

/**
 * The first tool name two of `queries` share, if any: an MCP server cannot offer both, so the
 * boot quarantines a graph that has one (`duplicate_tool_name`).
 *
 * @example
 * duplicateToolName([{ name: 'a', toolName: 'find' }, { name: 'b', toolName: 'find' }])
 * // { toolName: 'find', queries: ['a', 'b'] }
 */
export function duplicateToolName(
  queries: Iterable<{ readonly name: string; readonly toolName: string }>,
): ToolNameClash | undefined {
  const byTool = new Map<string, string>();
  for (const { name, toolName } of queries) {
    const holder = byTool.get(toolName);
    if (holder !== undefined) return { toolName, queries: [holder, name] };
    byTool.set(toolName, name);
  }
  return undefined;
}

/** Why the two stored queries of `clash` cannot both be tools of graph `graphId`. */
export function toolNameClashMessage(graphId: string, clash: ToolNameClash): string {
  const [first, second] = clash.queries;
  return `stored queries ${first} and ${second} of graph ${graphId} share the MCP tool name '${clash.toolName}'`;
}

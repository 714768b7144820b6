/**
 * The legend `omnigraph --help` ends with: which scope flags each kind of verb takes
 * (docs/reference/commands.md, "Scopes").
 */
export const CAPABILITY_LEGEND = `
Capabilities (what each verb addresses):
  any       query, mutate, load, export, snapshot, branch *, commit *, schema show|apply
            a graph URI or --store, --server <name|url> --graph <id>, --profile, or the
            operator config's defaults (query and mutate take the URI after NAME)
  served    graphs list                       --server or a server profile only
  direct    init, optimize, cleanup, schema plan, lint
            a storage URI or --store; --cluster <dir|uri> --graph <id> for optimize,
            cleanup and lint; never --server
  control   cluster * (--config <dir>), policy *, queries * (--cluster <dir|uri>)
  agents    mcp   --cluster <dir|uri> [--graph <id>], or --server <name|url> --graph <id>
  local     alias, embed, login, logout, profile, config, demo, version   no graph scope

A scope flag a verb does not take is an error, never ignored.
`;

import { HttpTransport, type TransportOptions } from './http-transport.js';
import type { GraphList } from './graph-list.js';
import { RemoteGraph } from './remote-graph.js';

/** How to reach a server: its URL, the bearer token, and transport settings. */
export interface ServerOptions extends TransportOptions {
  /** The directory relative load file paths resolve against (default: the process's). */
  readonly cwd?: string;
}

/** How to reach one graph of a server. */
export interface ConnectOptions extends ServerOptions {
  /** The graph's id on the server. */
  readonly graph: string;
}

/**
 * A handle on a graph served by `omnigraph-server`. Nothing is sent until the first call, so
 * connecting never fails; an unreachable server is a `transient` error of that call.
 *
 * @example
 * const graph = connect({ url: 'https://graphs.example.com', graph: 'people', token });
 * const { rows } = await graph.query({ query: 'query q { match { $p: Person } return { $p.name } }' });
 */
export function connect(options: ConnectOptions): RemoteGraph {
  return new RemoteGraph(new HttpTransport(options), options.graph, options.cwd ?? process.cwd());
}

/** The graphs a server serves (`GET /graphs`; a policy must grant `graph_list`). */
export async function listGraphs(options: ServerOptions): Promise<GraphList> {
  return new HttpTransport(options).json('GET', '/graphs');
}

// The remote client: a graph served by `omnigraph-server`, behind the same Graph interface as the
// embedded engine. It never loads the engine or Lance (package export `omnigraph/client`).
export { connect, listGraphs, type ConnectOptions, type ServerOptions } from './connect.js';
export type { GraphList } from './graph-list.js';
export { RemoteGraph, type StoredQueryRequest } from './remote-graph.js';
export { OmniError, isOmniError } from '../util/omni-error.js';
export type * from '../api/index.js';

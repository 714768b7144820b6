// Read-only observation of the graphs a cluster derives.
export { observeGraph } from './observe-graph.js';
export { withGraph } from './open-graph.js';

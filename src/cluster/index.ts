// The control plane's public surface.
export * from './state/index.js';
export * from './config/index.js';
export * from './resources/index.js';
export type { ClusterCommandOptions } from './command-options.js';

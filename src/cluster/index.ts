// The control plane's public surface.
export * from './state/index.js';
export * from './config/index.js';
export * from './resources/index.js';
export type { ClusterCommandOptions } from './command-options.js';
export * from './status/index.js';
export * from './migrate/index.js';
export * from './diagnostic.js';
export * from './plan/index.js';
export * from './apply/index.js';
export * from './sync/index.js';
export * from './observe/index.js';
export * from './recovery/index.js';

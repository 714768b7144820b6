// Desired state: cluster.yaml and the files it names, checked, compiled and digested.
// (The ledger's profile and blob policy types are exported by state/; these are the same
// shapes, reached here through DesiredProvider.profile and DesiredGraph.externalBlobPolicy.)
export { loadCluster, type ClusterLoad } from './load-cluster.js';
export { validateCluster } from './validate-cluster.js';
export type { ValidateOutput } from './validate-output.js';
export type {
  DesiredCluster,
  DesiredFile,
  DesiredGraph,
  DesiredPolicy,
  DesiredProvider,
  DesiredQuery,
  DesiredSchema,
} from './desired-cluster.js';
export type {
  ClusterConfig,
  ExternalBlobsConfig,
  GraphConfig,
  PolicyConfig,
  QueriesConfig,
  StateConfig,
} from './cluster-config.js';
export type { PolicyBinding } from './policy-declarations.js';
export { configJson, embeddingProfileJson } from './config-json.js';
export { externalBlobPolicyJson } from './external-blob-policy.js';

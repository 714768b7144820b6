// The resource model: addresses, digests and the dependency graph of a cluster's resources.
export {
  EMBEDDING_PROVIDER_PREFIX,
  RESOURCE_KINDS,
  embeddingProviderAddress,
  graphAddress,
  parseResourceAddress,
  policyAddress,
  queryAddress,
  schemaAddress,
  type ParsedAddress,
  type ResourceKind,
} from './resource-address.js';
export {
  compareText,
  configDigest,
  embeddingProviderDigest,
  fileDigest,
  graphDigest,
  sha256Hex,
  type GraphDigestInput,
} from './resource-digest.js';
export {
  resourceDigests,
  resourceSet,
  type Dependency,
  type Resource,
  type ResourceSet,
} from './resource-set.js';

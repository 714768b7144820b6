import { clusterError } from './cluster-error.js';
import { DIGEST_PATTERN, RESOURCE_NAME_PATTERN, ULID_PATTERN } from './stored-fields.js';

/** Prefix of every control-plane object under the storage root. */
export const CLUSTER_PREFIX = '__cluster/';

/** The state ledger. */
export const STATE_KEY = `${CLUSTER_PREFIX}state.json`;

/** The transient state lock. */
export const LOCK_KEY = `${CLUSTER_PREFIX}lock.json`;

/** Folder of recovery sidecars, one `<operation_id>.json` each. */
export const RECOVERIES_PREFIX = `${CLUSTER_PREFIX}recoveries/`;

/** Folder of approval artifacts, one `<approval_id>.json` each. */
export const APPROVALS_PREFIX = `${CLUSTER_PREFIX}approvals/`;

/** Folder of the derived graph roots, one `<graph id>.omni/` each. */
export const GRAPHS_PREFIX = 'graphs/';

/** Suffix of the JSON records of the sidecar and approval folders. */
export const RECORD_SUFFIX = '.json';

function checked(value: string, pattern: RegExp, what: string): string {
  if (pattern.test(value)) return value;
  throw clusterError(
    'bad_request',
    'invalid_resource_id',
    value,
    `invalid ${what} '${value}': it cannot name a stored object`,
  );
}

/** A graph id, query name or policy name, checked before it becomes a key segment. */
export function resourceName(name: string, what = 'resource name'): string {
  return checked(name, RESOURCE_NAME_PATTERN, what);
}

/** A ULID, checked before it becomes a key segment. */
export function recordId(id: string, what = 'record id'): string {
  return checked(id, ULID_PATTERN, `${what} (expected a ULID)`);
}

/** A content digest, checked before it becomes a key segment. */
export function digestName(digest: string): string {
  return checked(digest, DIGEST_PATTERN, 'digest (expected lowercase hex SHA-256)');
}

/** Key of a query's content-addressed payload (the bytes of the file that declares it). */
export function queryPayloadKey(graph: string, name: string, digest: string): string {
  return `${CLUSTER_PREFIX}resources/query/${resourceName(graph, 'graph id')}/${resourceName(name, 'query name')}/${digestName(digest)}.gq`;
}

/** Key of a policy bundle's content-addressed payload. */
export function policyPayloadKey(name: string, digest: string): string {
  return `${CLUSTER_PREFIX}resources/policy/${resourceName(name, 'policy name')}/${digestName(digest)}.yaml`;
}

/** Key of the recovery sidecar of one operation. */
export function recoveryKey(operationId: string): string {
  return `${RECOVERIES_PREFIX}${recordId(operationId, 'operation id')}${RECORD_SUFFIX}`;
}

/** Key of one approval artifact. */
export function approvalKey(approvalId: string): string {
  return `${APPROVALS_PREFIX}${recordId(approvalId, 'approval id')}${RECORD_SUFFIX}`;
}

/** Key prefix (with trailing `/`) of the derived root of graph `id`. */
export function graphRootPrefix(id: string): string {
  return `${GRAPHS_PREFIX}${resourceName(id, 'graph id')}.omni/`;
}

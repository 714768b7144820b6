// The digest formulas of the resource model. They are a stable contract: the state ledger records
// them, approvals bind to them and servers re-verify catalog payloads against them, so each
// formula is spelled out byte for byte and never derived from a serializer's whims.
import { createHash } from 'node:crypto';

/** Lowercase hex SHA-256 of text (as UTF-8) or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A schema, query or policy digest: the hash of its file's bytes. */
export function fileDigest(bytes: Uint8Array): string {
  return sha256Hex(bytes);
}

/** sha256(`"embedding-provider\0"` + `profileJson`); the JSON is built by the config layer. */
export function embeddingProviderDigest(profileJson: string): string {
  return sha256Hex(`embedding-provider\0${profileJson}`);
}

/** What a graph's composite digest covers. */
export interface GraphDigestInput {
  readonly id: string;
  readonly schemaDigest: string;
  /** Its queries; hashed in name order whatever the order given. */
  readonly queries: readonly { readonly name: string; readonly digest: string }[];
  /** The bound embedding provider's address and digest, when the graph names one. */
  readonly embeddingProvider?: { readonly address: string; readonly digest: string };
  /** The JSON of the external blob policy; absent when the graph denies external blobs. */
  readonly externalBlobPolicyJson?: string;
}

/**
 * sha256(`"graph\0<id>\0schema\0<schemaDigest>\0"` + per query by name
 * `"query\0<name>\0<digest>\0"` + optional `"embedding_provider\0<address>\0<digest>\0"` +
 * optional `"external_blob_policy\0<json>\0"`).
 */
export function graphDigest(input: GraphDigestInput): string {
  let text = `graph\0${input.id}\0schema\0${input.schemaDigest}\0`;
  const queries = [...input.queries].sort((a, b) => compareText(a.name, b.name));
  for (const query of queries) text += `query\0${query.name}\0${query.digest}\0`;
  if (input.embeddingProvider !== undefined) {
    const { address, digest } = input.embeddingProvider;
    text += `embedding_provider\0${address}\0${digest}\0`;
  }
  if (input.externalBlobPolicyJson !== undefined) {
    text += `external_blob_policy\0${input.externalBlobPolicyJson}\0`;
  }
  return sha256Hex(text);
}

/**
 * sha256(`"cluster-config\0"` + `configJson` + per resource by address `"<address>\0<digest>\0"`).
 * Comments and formatting of the YAML never reach it: `configJson` is built from the parsed
 * config.
 */
export function configDigest(
  configJson: string,
  resources: readonly { readonly address: string; readonly digest: string }[],
): string {
  let text = `cluster-config\0${configJson}`;
  const sorted = [...resources].sort((a, b) => compareText(a.address, b.address));
  for (const resource of sorted) text += `${resource.address}\0${resource.digest}\0`;
  return sha256Hex(text);
}

/**
 * Orders strings by UTF-16 code unit. Addresses and names are ASCII (resource ids and query
 * names allow nothing else), where this is also byte order, the order a Rust `BTreeMap` keeps.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

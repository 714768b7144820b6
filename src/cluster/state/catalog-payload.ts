import { PutModes } from '../../storage/object-store.js';
import { isOmniError, messageOf } from '../../util/omni-error.js';
import { errorAt, warningAt, type Diagnostic } from '../diagnostic.js';
import { policyAddress, queryAddress } from '../resources/resource-address.js';
import { fileDigest } from '../resources/resource-digest.js';
import { clusterError, storageCodeOf } from './cluster-error.js';
import { policyPayloadKey, queryPayloadKey } from './cluster-keys.js';
import type { ClusterStore } from './cluster-store.js';
import type { ResourceCondition } from './cluster-state.js';

/** A content-addressed catalog payload: a query's file or a policy bundle, by digest. */
export type CatalogPayload =
  | {
      readonly kind: 'query';
      readonly graph: string;
      readonly name: string;
      readonly digest: string;
    }
  | { readonly kind: 'policy'; readonly name: string; readonly digest: string };

/** What {@link putCatalogPayload} did. */
export type PayloadWrite = 'written' | 'present' | 'replaced';

/** What {@link verifyCatalogPayload} found. */
export type CatalogCheck =
  | { readonly kind: 'verified'; readonly bytes: Uint8Array }
  | {
      readonly kind: 'failed';
      /** The resource condition `refresh` records for it. */
      readonly condition: Extract<
        ResourceCondition,
        'payload_missing' | 'payload_mismatch' | 'payload_read_error'
      >;
      readonly diagnostic: Diagnostic;
    };

/** The storage key of a payload. */
export function catalogPayloadKey(payload: CatalogPayload): string {
  return payload.kind === 'query'
    ? queryPayloadKey(payload.graph, payload.name, payload.digest)
    : policyPayloadKey(payload.name, payload.digest);
}

/** The resource address a payload belongs to: `query.<graph>.<name>` or `policy.<name>`. */
export function payloadAddress(payload: CatalogPayload): string {
  return payload.kind === 'query'
    ? queryAddress(payload.graph, payload.name)
    : policyAddress(payload.name);
}

/**
 * Stores a payload under its digest, before the ledger CAS that records it. A payload already
 * there with the right content is left alone; one whose content does not hash to its name (a
 * damaged blob) is replaced, so re-applying heals it. `bytes` must hash to `payload.digest`,
 * else `resource_content_changed` (the file changed since it was planned); storage failures are
 * `resource_payload_write_error`.
 *
 * @example
 * await putCatalogPayload(store, { kind: 'policy', name: 'base', digest }, bytes);
 */
export async function putCatalogPayload(
  store: ClusterStore,
  payload: CatalogPayload,
  bytes: Uint8Array,
): Promise<PayloadWrite> {
  const key = catalogPayloadKey(payload);
  const actual = fileDigest(bytes);
  if (actual !== payload.digest) {
    throw clusterError(
      'conflict',
      'resource_content_changed',
      payloadAddress(payload),
      `the content of ${payloadAddress(payload)} hashes to ${actual}, not the planned ${payload.digest}; re-run plan`,
    );
  }
  try {
    try {
      await store.objects.put(key, bytes, PutModes.create);
      return 'written';
    } catch (error) {
      if (!isOmniError(error, 'precondition_failed')) throw error;
    }
    const existing = await store.objects.get(key);
    if (fileDigest(existing.bytes) === payload.digest) return 'present';
    await store.objects.put(key, bytes, PutModes.ifMatch(existing.etag));
    return 'replaced';
  } catch (error) {
    throw clusterError(
      storageCodeOf(error),
      'resource_payload_write_error',
      key,
      `cannot store the payload of ${payloadAddress(payload)} at ${store.displayPath(key)}: ${messageOf(error)}`,
      error,
    );
  }
}

/**
 * Reads a payload and checks that it hashes to its digest, without changing anything. A
 * missing or mismatched payload is a warning (`catalog_payload_missing`,
 * `catalog_payload_mismatch`), a failed read an error (`catalog_payload_read_error`), as
 * `status` reports them.
 */
export async function verifyCatalogPayload(
  store: ClusterStore,
  payload: CatalogPayload,
): Promise<CatalogCheck> {
  const key = catalogPayloadKey(payload);
  const where = `${payloadAddress(payload)} at ${store.displayPath(key)}`;
  let bytes: Uint8Array;
  try {
    bytes = (await store.objects.get(key)).bytes;
  } catch (error) {
    if (isOmniError(error, 'not_found')) {
      return failed(
        'payload_missing',
        warningAt('catalog_payload_missing', key, `the catalog payload of ${where} is missing`),
      );
    }
    return failed(
      'payload_read_error',
      errorAt(
        'catalog_payload_read_error',
        key,
        `cannot read the catalog payload of ${where}: ${messageOf(error)}`,
      ),
    );
  }
  const actual = fileDigest(bytes);
  if (actual !== payload.digest) {
    return failed(
      'payload_mismatch',
      warningAt(
        'catalog_payload_mismatch',
        key,
        `the catalog payload of ${where} hashes to ${actual}, not ${payload.digest}`,
      ),
    );
  }
  return { kind: 'verified', bytes };
}

function failed(
  condition: Extract<CatalogCheck, { kind: 'failed' }>['condition'],
  diagnostic: Diagnostic,
): CatalogCheck {
  return { kind: 'failed', condition, diagnostic };
}

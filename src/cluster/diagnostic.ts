/**
 * Every diagnostic code the control plane emits (docs/reference/cluster-commands.md lists each
 * with its meaning). Codes are stable: tools and CI match on them.
 */
export const DIAGNOSTIC_CODES = [
  'apply_approval_invariant_violation',
  'apply_dependency_blocked',
  'apply_unsupported_change',
  'approval_not_required',
  'approval_read_error',
  'approval_stale',
  'approval_write_error',
  'catalog_payload_digest_mismatch',
  'catalog_payload_mismatch',
  'catalog_payload_missing',
  'catalog_payload_read_error',
  'cluster_config_read_error',
  'cluster_empty',
  'cluster_no_healthy_graphs',
  'cluster_recovery_pending',
  'cluster_recovery_rolled_forward',
  'cluster_recovery_unattributed',
  'cluster_state_missing',
  'config_dir_not_found',
  'conflicting_graph_manifest_observation',
  'dangling_embedding_provider_reference',
  'dangling_graph_reference',
  'duplicate_policy_binding',
  'duplicate_query_name',
  'duplicate_tool_name',
  'duplicate_yaml_key',
  'embedding_api_key_inline',
  'embedding_api_key_required',
  'embedding_provider_digest_mismatch',
  'embedding_provider_missing',
  'embedding_provider_profile_missing',
  'empty_metadata_name',
  'external_blob_ingress_default_deny',
  'external_blob_policy_digest_mismatch',
  'future_phase_field',
  'graph_create_failed',
  'graph_create_incomplete',
  'graph_create_skipped',
  'graph_delete_export_in_progress',
  'graph_delete_failed',
  'graph_delete_incomplete',
  'graph_delete_skipped',
  'graph_not_applied',
  'graph_observation_error',
  'injected_failpoint',
  'invalid_approval_artifact',
  'invalid_cluster_yaml',
  'invalid_embedding_provider',
  'invalid_external_blob_base',
  'invalid_external_blob_policy',
  'invalid_recovery_sidecar',
  'invalid_resource_id',
  'invalid_state_json',
  'invalid_state_lock',
  'invalid_storage_root',
  'policy_bindings_missing',
  'policy_file_missing',
  'policy_invalid',
  'policy_missing_applies_to',
  'policy_mixed_binding_kinds',
  'query_dir_empty',
  'query_dir_unreadable',
  'query_file_missing',
  'query_key_mismatch',
  'query_parse_error',
  'query_typecheck_error',
  'query_typecheck_skipped',
  'recovery_sidecar_cleanup_failed',
  'recovery_sidecar_read_error',
  'recovery_sidecar_write_error',
  'removed_streaming_declaration',
  'resource_content_changed',
  'resource_payload_write_error',
  'schema_apply_failed',
  'schema_apply_skipped',
  'schema_catalog_error',
  'schema_file_missing',
  'schema_parse_error',
  'schema_preview_unavailable',
  'state_already_exists',
  'state_cas_mismatch',
  'state_lock_disabled',
  'state_lock_error',
  'state_lock_held',
  'state_lock_id_mismatch',
  'state_lock_missing',
  'state_lock_read_error',
  'state_missing',
  'state_read_error',
  'state_write_error',
  'storage_root_invalid',
  'unsupported_approval_version',
  'unsupported_cluster_config_version',
  'unsupported_recovery_sidecar_version',
  'unsupported_state_backend',
  'unsupported_state_lock_version',
  'unsupported_state_version',
  'wrong_kind_reference',
] as const;

/** A stable diagnostic code. */
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

/** How bad a diagnostic is: any `error` makes a command's `ok` false (exit 1). */
export type Severity = 'error' | 'warning';

/**
 * One finding of a cluster command. `path` names where: a config file with line and column
 * (`cluster.yaml:12:5`), a resource address, or a storage key.
 */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly path: string;
  readonly message: string;
}

/** An `error` diagnostic. */
export function errorAt(code: DiagnosticCode, path: string, message: string): Diagnostic {
  return { code, severity: 'error', path, message };
}

/** A `warning` diagnostic. */
export function warningAt(code: DiagnosticCode, path: string, message: string): Diagnostic {
  return { code, severity: 'warning', path, message };
}

/** True when no diagnostic is an error. */
export function allPassed(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.every((d) => d.severity !== 'error');
}

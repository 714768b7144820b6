// Generated from the server's OpenAPI document by openapi-typescript (test/server/openapi.test.ts).
export interface paths {
  '/healthz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness */
    get: operations['health'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/openapi.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** This document */
    get: operations['openapi'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/graphs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the ready graphs */
    get: operations['listGraphs'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/graphs/{graph_id}/snapshot': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Snapshot metadata of a branch head or a commit */
    get: operations['cluster_snapshot'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/graphs/{graph_id}/query': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Run an inline read query */
    post: operations['cluster_query'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/graphs/{graph_id}/query/explain': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The plan an inline read query would run, without running it */
    post: operations['cluster_query_explain'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/graphs/{graph_id}/read': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Run an inline read query (legacy)
     * @deprecated
     */
    post: operations['cluster_read'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/graphs/{graph_id}/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Export a branch head or a commit as NDJSON */
    post: operations['cluster_export'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/graphs/{graph_id}/mutate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Run a mutation */
    post: operations['cluster_mutate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/graphs/{graph_id}/mutate/if-graph-commit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Run a mutation if the branch head is a given commit */
    post: operations['cluster_mutate_if_graph_commit'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/graphs/{graph_id}/change': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Run a mutation (legacy)
     * @deprecated
     */
    post: operations['cluster_change'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/graphs/{graph_id}/queries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Stored-query tool catalog */
    get: operations['cluster_list_queries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/graphs/{graph_id}/queries/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Invoke a stored query */
    post: operations['cluster_invoke_query'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/graphs/{graph_id}/queries/{name}/if-graph-commit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Invoke a stored mutation if the branch head is a given commit */
    post: operations['cluster_invoke_query_if_graph_commit'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/graphs/{graph_id}/mcp': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** MCP (Streamable HTTP, stateless): the graph's stored queries as tools */
    post: operations['cluster_mcp'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/graphs/{graph_id}/schema': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The accepted .pg source */
    get: operations['cluster_schema'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/graphs/{graph_id}/schema/apply': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Schema migration (refused: the cluster owns schemas) */
    post: operations['cluster_schema_apply'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/graphs/{graph_id}/load': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Load NDJSON sent in a JSON envelope */
    post: operations['cluster_load'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/graphs/{graph_id}/load/ndjson': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Load a raw NDJSON graph batch */
    post: operations['cluster_load_ndjson'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/graphs/{graph_id}/ingest': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Load NDJSON (legacy)
     * @deprecated
     */
    post: operations['cluster_ingest'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/graphs/{graph_id}/branches': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List branches */
    get: operations['cluster_list_branches'];
    put?: never;
    /** Create a branch */
    post: operations['cluster_create_branch'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/graphs/{graph_id}/branches/{branch}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Delete a branch */
    delete: operations['cluster_delete_branch'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/graphs/{graph_id}/branches/merge': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Merge a branch into another */
    post: operations['cluster_merge_branch'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/graphs/{graph_id}/commits': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List commits, newest first */
    get: operations['cluster_list_commits'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/graphs/{graph_id}/commits/{commit_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One commit */
    get: operations['cluster_show_commit'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/graphs/{graph_id}/commits/{commit_id}/changes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A commit's entity diff against its first parent */
    get: operations['cluster_commit_changes'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/graphs/{graph_id}/changes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Poll a branch's change feed: one page of entity changes after a cursor or a start */
    get: operations['cluster_changes'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/graphs/{graph_id}/changes/baseline': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A branch head as NDJSON entity records, then one line {"baseline":{snapshot_commit_id, resume_cursor}} */
    post: operations['cluster_changes_baseline'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/graphs/{graph_id}/diff': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The entity diff between two branches or commits, or of a branch since its merge base (extension) */
    get: operations['cluster_diff_between'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    ErrorOutput: {
      error: string;
      code?:
        | (
            | 'unauthorized'
            | 'forbidden'
            | 'bad_request'
            | 'not_found'
            | 'method_not_allowed'
            | 'conflict'
            | 'too_many_requests'
            | 'internal'
          )
        | null;
      merge_conflicts?: {
        /** @enum {string} */
        entity_kind: 'node' | 'edge';
        type_name: string;
        entity_id?: string;
        /** @enum {string} */
        kind:
          | 'divergent_insert'
          | 'divergent_update'
          | 'delete_vs_update'
          | 'orphan_edge'
          | 'unique_violation'
          | 'cardinality_violation'
          | 'value_constraint_violation';
        message: string;
      }[];
      published_dataset_version_conflict?: {
        entity_kind: string;
        type_name: string;
        expected_published_dataset_version: number;
        actual_published_dataset_version: number;
      };
      key_conflict?: {
        entity_kind: string;
        type_name: string;
        entity_id?: string;
      };
      read_set_conflict?: {
        member: string;
        expected?: string;
        actual?: string;
      };
      resource_limit?: {
        resource: string;
        limit: number;
        actual: number;
      };
      external_blob_source?: {
        uri: string;
        reason: string;
      };
      blob_range?: {
        start: number;
        end: number;
        length: number;
      };
      recovery_required?: {
        operation_id: string;
      };
      precondition_failure?: {
        expected: string;
        actual?: string | null;
      };
      change_feed_gap?: {
        cursor?: string;
        first_unreadable_commit_id: string;
      };
      change_diff_refusal?: {
        /** @enum {string} */
        reason: 'parentless_commit' | 'schema_boundary' | 'unknown';
        graph_commit_id: string;
        type_name?: string;
      };
    };
    HealthOutput: {
      /** @constant */
      status: 'ok';
      version: string;
      internal_schema_version: number;
      source_version?: string;
    };
    GraphListOutput: {
      graphs: {
        graph_id: string;
        uri: string;
      }[];
    };
    SnapshotOutput: {
      graph_branch: string | null;
      graph_commit_id: string;
      graph_manifest_version: number;
      internal_schema_version: number;
      datasets: {
        /** @enum {string} */
        entity_kind: 'node' | 'edge';
        type_name: string;
        dataset_path: string;
        published_dataset_version: number;
        native_dataset_branch: string | null;
        entity_count: number;
      }[];
    };
    QueryRequest: {
      query: string;
      name?: string;
      params?: {
        [key: string]: unknown;
      } | null;
      branch?: string;
      snapshot?: string;
      /** @description also measure each stage of the plan: the result carries `profile` */
      profile?: boolean;
    };
    ReadRequest: {
      query_source: string;
      query_name?: string;
      params?: {
        [key: string]: unknown;
      } | null;
      branch?: string;
      snapshot?: string;
    };
    ReadOutput: {
      query_name: string;
      target: {
        branch: string | null;
        snapshot: string | null;
      };
      row_count: number;
      columns: string[];
      rows: {
        [key: string]: unknown;
      }[];
      graph_commit_id: string;
      profile?: {
        query_name: string;
        plan: components['schemas']['QueryPlanNode'];
        total_ms: number;
        caches: components['schemas']['CacheUsage'];
      };
    };
    QueryPlanNode: {
      operator: string;
      detail: string;
      estimated_rows?: number;
      rows?: number;
      elapsed_ms?: number;
      strategy?: string;
      children: components['schemas']['QueryPlanNode'][];
    };
    CacheUsage: {
      budget_bytes: number;
      used_bytes: number;
      caches: {
        [key: string]: {
          entries: number;
          bytes: number;
        };
      };
    };
    QueryExplainRequest: {
      query: string;
      name?: string;
      params?: {
        [key: string]: unknown;
      } | null;
      branch?: string;
      snapshot?: string;
    };
    QueryExplainOutput: {
      query_name: string;
      plan: components['schemas']['QueryPlanNode'];
    };
    LegacyReadOutput: {
      query_name: string;
      target: {
        branch: string | null;
        snapshot: string | null;
      };
      row_count: number;
      columns: string[];
      rows: {
        [key: string]: unknown;
      }[];
    };
    ExportRequest: {
      branch?: string;
      snapshot?: string;
      type_names?: string[];
    };
    ChangeRequest: {
      query?: string;
      query_source?: string;
      name?: string;
      query_name?: string;
      params?: {
        [key: string]: unknown;
      } | null;
      branch?: string;
      /** @description a message recorded on the commit: well-formed Unicode, at most 4,096 characters; empty for none */
      message?: string;
    };
    ChangeOutput: {
      branch: string;
      query_name: string;
      affected_nodes: number;
      affected_edges: number;
      actor_id?: string;
      commit: {
        graph_commit_id: string;
        graph_branch: string | null;
        graph_manifest_version: number;
        parent_commit_id: string | null;
        merged_parent_commit_id: string | null;
        actor_id: string | null;
        created_at: number;
        /** @enum {string} */
        operation?:
          | 'init'
          | 'load'
          | 'mutate'
          | 'merge'
          | 'schema_apply'
          | 'optimize'
          | 'cleanup'
          | 'ensure_indices'
          | 'recovery';
        message?: string;
        /** @constant */
        data_reclaimed?: true;
      } | null;
    };
    CommitOutput: {
      graph_commit_id: string;
      graph_branch: string | null;
      graph_manifest_version: number;
      parent_commit_id: string | null;
      merged_parent_commit_id: string | null;
      actor_id: string | null;
      created_at: number;
      /** @enum {string} */
      operation?:
        | 'init'
        | 'load'
        | 'mutate'
        | 'merge'
        | 'schema_apply'
        | 'optimize'
        | 'cleanup'
        | 'ensure_indices'
        | 'recovery';
      message?: string;
      /** @constant */
      data_reclaimed?: true;
    };
    StoredQueryCatalogOutput: {
      queries: {
        name: string;
        tool_name: string;
        description?: string;
        instruction?: string;
        mutation: boolean;
        params: {
          name: string;
          /** @enum {string} */
          kind:
            | 'string'
            | 'bool'
            | 'int'
            | 'bigint'
            | 'float'
            | 'date'
            | 'datetime'
            | 'blob'
            | 'vector'
            | 'list'
            | 'object';
          /** @enum {string} */
          item_kind?:
            | 'string'
            | 'bool'
            | 'int'
            | 'bigint'
            | 'float'
            | 'date'
            | 'datetime'
            | 'blob'
            | 'vector'
            | 'list'
            | 'object';
          vector_dim?: number;
          nullable: boolean;
        }[];
      }[];
    };
    InvokeStoredQueryRequest: {
      params?: {
        [key: string]: unknown;
      } | null;
      branch?: string;
      snapshot?: string;
      expect_mutation?: boolean;
      /** @description a message recorded on the commit: well-formed Unicode, at most 4,096 characters; empty for none */
      message?: string;
    };
    SchemaOutput: {
      schema_source: string;
    };
    SchemaApplyRequest: {
      schema_source: string;
      allow_data_loss?: boolean;
      /** @description a message recorded on the commit: well-formed Unicode, at most 4,096 characters; empty for none */
      message?: string;
    };
    SchemaApplyOutput: {
      uri: string;
      supported: boolean;
      applied: boolean;
      step_count: number;
      graph_manifest_version: number;
      steps: {
        [key: string]: unknown;
      }[];
    };
    IngestRequest: {
      data: string;
      branch?: string;
      from?: string;
      /** @enum {string} */
      mode?: 'overwrite' | 'append' | 'merge';
      /** @description a message recorded on the commit: well-formed Unicode, at most 4,096 characters; empty for none */
      message?: string;
    };
    IngestOutput: {
      uri: string;
      branch: string;
      /** @enum {string} */
      mode: 'overwrite' | 'append' | 'merge';
      base_branch?: string;
      branch_created: boolean;
      nodes: {
        name: string;
        entities_loaded: number;
      }[];
      edges: {
        name: string;
        entities_loaded: number;
      }[];
      total_entities: number;
      actor_id?: string;
      commit: {
        graph_commit_id: string;
        graph_branch: string | null;
        graph_manifest_version: number;
        parent_commit_id: string | null;
        merged_parent_commit_id: string | null;
        actor_id: string | null;
        created_at: number;
        /** @enum {string} */
        operation?:
          | 'init'
          | 'load'
          | 'mutate'
          | 'merge'
          | 'schema_apply'
          | 'optimize'
          | 'cleanup'
          | 'ensure_indices'
          | 'recovery';
        message?: string;
        /** @constant */
        data_reclaimed?: true;
      } | null;
    };
    GraphBatchLoadOutput: {
      branch: string;
      /** @enum {string} */
      mode: 'overwrite' | 'append' | 'merge';
      base_branch?: string;
      branch_created: boolean;
      nodes: {
        name: string;
        entities_loaded: number;
      }[];
      edges: {
        name: string;
        entities_loaded: number;
      }[];
      total_entities: number;
      actor_id?: string;
      commit: {
        graph_commit_id: string;
        graph_branch: string | null;
        graph_manifest_version: number;
        parent_commit_id: string | null;
        merged_parent_commit_id: string | null;
        actor_id: string | null;
        created_at: number;
        /** @enum {string} */
        operation?:
          | 'init'
          | 'load'
          | 'mutate'
          | 'merge'
          | 'schema_apply'
          | 'optimize'
          | 'cleanup'
          | 'ensure_indices'
          | 'recovery';
        message?: string;
        /** @constant */
        data_reclaimed?: true;
      } | null;
    };
    BranchListOutput: {
      branches: string[];
    };
    BranchCreateRequest: {
      name: string;
      from?: string;
    };
    BranchCreateOutput: {
      uri: string;
      from: string;
      name: string;
      actor_id?: string;
    };
    BranchDeleteOutput: {
      uri: string;
      name: string;
      actor_id?: string;
    };
    BranchMergeRequest: {
      source: string;
      target?: string;
      delete_branch?: boolean;
      dry_run?: boolean;
      /** @description a message recorded on the commit: well-formed Unicode, at most 4,096 characters; empty for none */
      message?: string;
    };
    BranchMergeOutput: {
      source: string;
      target: string;
      /** @enum {string} */
      outcome: 'already_up_to_date' | 'fast_forward' | 'merged';
      actor_id?: string;
      commit: {
        graph_commit_id: string;
        graph_branch: string | null;
        graph_manifest_version: number;
        parent_commit_id: string | null;
        merged_parent_commit_id: string | null;
        actor_id: string | null;
        created_at: number;
        /** @enum {string} */
        operation?:
          | 'init'
          | 'load'
          | 'mutate'
          | 'merge'
          | 'schema_apply'
          | 'optimize'
          | 'cleanup'
          | 'ensure_indices'
          | 'recovery';
        message?: string;
        /** @constant */
        data_reclaimed?: true;
      } | null;
      dry_run?: boolean;
      branch_deleted?: boolean;
      branch_delete_error?: string;
    };
    CommitListOutput: {
      commits: {
        graph_commit_id: string;
        graph_branch: string | null;
        graph_manifest_version: number;
        parent_commit_id: string | null;
        merged_parent_commit_id: string | null;
        actor_id: string | null;
        created_at: number;
        /** @enum {string} */
        operation?:
          | 'init'
          | 'load'
          | 'mutate'
          | 'merge'
          | 'schema_apply'
          | 'optimize'
          | 'cleanup'
          | 'ensure_indices'
          | 'recovery';
        message?: string;
        /** @constant */
        data_reclaimed?: true;
      }[];
    };
    CommitChangesOutput: {
      cause: {
        graph_commit_id: string;
        parent_commit_id: string | null;
        merged_parent_commit_id: string | null;
        authored_branch: string;
        actor_id: string | null;
        authored_at: number;
      };
      changes: {
        /** @enum {string} */
        kind: 'node' | 'edge';
        type: {
          id: string;
          name: string;
        };
        id: string;
        /** @enum {string} */
        op: 'insert' | 'update' | 'delete';
        before: {
          properties: {
            [key: string]: unknown;
          };
          endpoints?: {
            from: string;
            to: string;
          };
        } | null;
        after: {
          properties: {
            [key: string]: unknown;
          };
          endpoints?: {
            from: string;
            to: string;
          };
        } | null;
      }[];
      next_page_token: string | null;
    };
    ChangeFeedOutput: {
      blocks: {
        cause: {
          graph_commit_id: string;
          parent_commit_id: string | null;
          merged_parent_commit_id: string | null;
          authored_branch: string;
          actor_id: string | null;
          authored_at: number;
        };
        changes: {
          /** @enum {string} */
          kind: 'node' | 'edge';
          type: {
            id: string;
            name: string;
          };
          id: string;
          /** @enum {string} */
          op: 'insert' | 'update' | 'delete';
          before: {
            properties: {
              [key: string]: unknown;
            };
            endpoints?: {
              from: string;
              to: string;
            };
          } | null;
          after: {
            properties: {
              [key: string]: unknown;
            };
            endpoints?: {
              from: string;
              to: string;
            };
          } | null;
        }[];
      }[];
      next_page_token?: string;
      cursor?: string;
      caught_up?: boolean;
    };
    ChangesBaselineRequest: {
      branch?: string;
      kind?: ('node' | 'edge')[];
      type?: string[];
      op?: ('insert' | 'update' | 'delete')[];
    };
    DiffBetweenOutput: {
      from_commit_id: string;
      to_commit_id: string;
      into?: string;
      changes: {
        /** @enum {string} */
        kind: 'node' | 'edge';
        type: {
          id: string;
          name: string;
        };
        id: string;
        /** @enum {string} */
        op: 'insert' | 'update' | 'delete';
        before: {
          properties: {
            [key: string]: unknown;
          };
          endpoints?: {
            from: string;
            to: string;
          };
        } | null;
        after: {
          properties: {
            [key: string]: unknown;
          };
          endpoints?: {
            from: string;
            to: string;
          };
        } | null;
      }[];
      next_page_token: string | null;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  health: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['HealthOutput'];
        };
      };
    };
  };
  openapi: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OpenAPI document */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, never>;
        };
      };
    };
  };
  listGraphs: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GraphListOutput'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
    };
  };
  cluster_snapshot: {
    parameters: {
      query?: {
        branch?: string;
        snapshot?: string;
      };
      header?: never;
      path: {
        graph_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SnapshotOutput'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
    };
  };
  cluster_query: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        graph_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['QueryRequest'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          /** @description The result columns of 64-bit integers (I64, U64, lists of them), percent-encoded, comma-separated; empty for none */
          'Omnigraph-Bigint-Columns'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ReadOutput'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
    };
  };
  cluster_query_explain: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        graph_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['QueryExplainRequest'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['QueryExplainOutput'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
    };
  };
  cluster_read: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        graph_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ReadRequest'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          Deprecation?: 'true';
          /** @description The successor, `rel="successor-version"` */
          Link?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LegacyReadOutput'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
    };
  };
  cluster_export: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        graph_id: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['ExportRequest'];
      };
    };
    responses: {
      /** @description NDJSON records */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/x-ndjson': string;
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
    };
  };
  cluster_mutate: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        graph_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ChangeRequest'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ChangeOutput'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
    };
  };
  cluster_mutate_if_graph_commit: {
    parameters: {
      query?: never;
      header: {
        'omnigraph-if-graph-commit': string;
      };
      path: {
        graph_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ChangeRequest'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ChangeOutput'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
    };
  };
  cluster_change: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        graph_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ChangeRequest'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          Deprecation?: 'true';
          /** @description The successor, `rel="successor-version"` */
          Link?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ChangeOutput'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
    };
  };
  cluster_list_queries: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        graph_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StoredQueryCatalogOutput'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
    };
  };
  cluster_invoke_query: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        graph_id: string;
        name: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['InvokeStoredQueryRequest'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json':
            components['schemas']['ReadOutput'] | components['schemas']['ChangeOutput'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
    };
  };
  cluster_invoke_query_if_graph_commit: {
    parameters: {
      query?: never;
      header: {
        'omnigraph-if-graph-commit': string;
      };
      path: {
        graph_id: string;
        name: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['InvokeStoredQueryRequest'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ChangeOutput'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
    };
  };
  cluster_mcp: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        graph_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, never> | Record<string, never>[];
      };
    };
    responses: {
      /** @description JSON-RPC responses */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, never> | Record<string, never>[];
        };
      };
      /** @description Accepted: the body held only notifications or responses */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
    };
  };
  cluster_schema: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        graph_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SchemaOutput'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
    };
  };
  cluster_schema_apply: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        graph_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SchemaApplyRequest'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SchemaApplyOutput'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
    };
  };
  cluster_load: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        graph_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['IngestRequest'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IngestOutput'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
    };
  };
  cluster_load_ndjson: {
    parameters: {
      query?: {
        branch?: string;
        from?: string;
        mode?: 'overwrite' | 'append' | 'merge';
        message?: string;
      };
      header?: never;
      path: {
        graph_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/x-ndjson': string;
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GraphBatchLoadOutput'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
    };
  };
  cluster_ingest: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        graph_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['IngestRequest'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          Deprecation?: 'true';
          /** @description The successor, `rel="successor-version"` */
          Link?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IngestOutput'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
    };
  };
  cluster_list_branches: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        graph_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BranchListOutput'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
    };
  };
  cluster_create_branch: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        graph_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['BranchCreateRequest'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BranchCreateOutput'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
    };
  };
  cluster_delete_branch: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        graph_id: string;
        branch: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BranchDeleteOutput'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
    };
  };
  cluster_merge_branch: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        graph_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['BranchMergeRequest'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BranchMergeOutput'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
    };
  };
  cluster_list_commits: {
    parameters: {
      query?: {
        branch?: string;
      };
      header?: never;
      path: {
        graph_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CommitListOutput'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
    };
  };
  cluster_show_commit: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        graph_id: string;
        commit_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CommitOutput'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
    };
  };
  cluster_commit_changes: {
    parameters: {
      query?: {
        page_token?: string;
        limit?: string;
        kind?: ('node' | 'edge') | ('node' | 'edge')[];
        type?: string | string[];
        op?: ('insert' | 'update' | 'delete') | ('insert' | 'update' | 'delete')[];
      };
      header?: never;
      path: {
        graph_id: string;
        commit_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CommitChangesOutput'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
    };
  };
  cluster_changes: {
    parameters: {
      query?: {
        branch?: string;
        cursor?: string;
        start?: string;
        page_token?: string;
        limit?: string;
        kind?: ('node' | 'edge') | ('node' | 'edge')[];
        type?: string | string[];
        op?: ('insert' | 'update' | 'delete') | ('insert' | 'update' | 'delete')[];
      };
      header?: never;
      path: {
        graph_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ChangeFeedOutput'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
    };
  };
  cluster_changes_baseline: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        graph_id: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['ChangesBaselineRequest'];
      };
    };
    responses: {
      /** @description NDJSON records */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/x-ndjson': string;
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
    };
  };
  cluster_diff_between: {
    parameters: {
      query: {
        page_token?: string;
        limit?: string;
        kind?: ('node' | 'edge') | ('node' | 'edge')[];
        type?: string | string[];
        op?: ('insert' | 'update' | 'delete') | ('insert' | 'update' | 'delete')[];
        to: string;
        from?: string;
        into?: string;
      };
      header?: never;
      path: {
        graph_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DiffBetweenOutput'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorOutput'];
        };
      };
    };
  };
}

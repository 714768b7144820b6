import type {
  BranchCreateOutput,
  BranchCreateRequest,
  BranchDeleteOutput,
  BranchListOutput,
  BranchMergeOutput,
  BranchMergeRequest,
  CallOptions,
  ChangeOutput,
  ChangeRequest,
  ChangeFeedOutput,
  ChangeFeedRequest,
  ChangesBaselineRequest,
  CommitChangesOutput,
  CommitChangesRequest,
  DiffBetweenOutput,
  DiffBetweenRequest,
  CommitListOutput,
  CommitListRequest,
  CommitOutput,
  ExportRequest,
  Graph,
  LoadOptions,
  LoadOutput,
  LoadRequest,
  MutateOptions,
  QueryExplainOutput,
  QueryOptions,
  QueryRequest,
  QueryResult,
  SchemaApplyOutput,
  SchemaApplyRequest,
  SchemaOutput,
  SnapshotOutput,
  SnapshotRequest,
  WriteOptions,
} from '../api/index.js';
import { OperationGate } from '../util/operation-gate.js';
import {
  BIGINT_COLUMNS_HEADER,
  parseBigintColumnsHeader,
  typedResultRows,
} from '../api/bigint-columns.js';
import { commitMessageOf } from '../api/commit-message.js';
import { OmniError } from '../util/omni-error.js';
import type { HttpTransport } from './http-transport.js';
import { loadBody } from './load-body.js';
import { ndjsonLines } from './ndjson-lines.js';

/** The requests a remote graph sends, each one an operation of its handle. */
type GraphRequests = Pick<HttpTransport, 'send' | 'json' | 'jsonResponse'>;

/** `http`'s requests run through `gate`: refused once the handle is closing, waited for by close. */
function gatedRequests(http: HttpTransport, gate: OperationGate): GraphRequests {
  return {
    send: (method, path, request) => gate.run(() => http.send(method, path, request)),
    json: (method, path, request) => gate.run(() => http.json(method, path, request)),
    jsonResponse: (method, path, request) =>
      gate.run(() => http.jsonResponse(method, path, request)),
  };
}

/** The header of a conditional mutation: the commit the branch head must still be. */
const IF_GRAPH_COMMIT = 'Omnigraph-If-Graph-Commit';

/** The media type of `/load/ndjson` bodies. */
const NDJSON = 'application/x-ndjson';

/** A stored query's invocation: its params and the branch or commit it runs on. */
export interface StoredQueryRequest {
  readonly params?: Readonly<Record<string, unknown>> | null;
  readonly branch?: string;
  readonly snapshot?: string;
}

/**
 * A graph served by `omnigraph-server`, reached over HTTP: the {@link Graph} interface with the
 * same requests, results and errors as the embedded engine, plus what only a server offers
 * (stored queries, the graph list). The actor is the bearer token's; `CallOptions.actor` is
 * not sent.
 */
export class RemoteGraph implements Graph {
  /** The graph's URL: `<server>/graphs/<id>`. */
  readonly uri: string;
  readonly #http: GraphRequests;
  readonly #gate: OperationGate;
  readonly #path: string;
  readonly #cwd: string;

  /** Use {@link connect}. */
  constructor(http: HttpTransport, graphId: string, cwd: string) {
    this.#path = `/graphs/${encodeURIComponent(graphId)}`;
    this.#cwd = cwd;
    this.uri = http.url(this.#path);
    this.#gate = new OperationGate(this.uri);
    this.#http = gatedRequests(http, this.#gate);
  }

  async query(request: QueryRequest, options?: QueryOptions): Promise<QueryResult> {
    return this.#read('/query', {
      ...readBody(request),
      ...(options?.profile === true ? { profile: true } : {}),
    });
  }

  async explain(request: QueryRequest, _options?: QueryOptions): Promise<QueryExplainOutput> {
    return this.#post('/query/explain', readBody(request));
  }

  async mutate(request: ChangeRequest, options?: MutateOptions): Promise<ChangeOutput> {
    const body = {
      query: request.query,
      ...optional({ name: request.name, branch: request.branch, message: messageOf(options) }),
      ...(request.params == null ? {} : { params: request.params }),
    };
    return options?.ifCommit === undefined
      ? this.#post('/mutate', body)
      : this.#http.json('POST', `${this.#path}/mutate/if-graph-commit`, {
          json: body,
          headers: { [IF_GRAPH_COMMIT]: options.ifCommit },
        });
  }

  async load(request: LoadRequest, options?: LoadOptions): Promise<LoadOutput> {
    const message = messageOf(options);
    const output = await this.#http.json<Omit<LoadOutput, 'uri'>>(
      'POST',
      `${this.#path}/load/ndjson`,
      {
        query: { branch: request.branch, from: request.from, mode: request.mode, message },
        body: await loadBody(request.data, this.#cwd, options?.onProgress),
        contentType: NDJSON,
      },
    );
    // `/load/ndjson` leaves out the graph's location, which the caller already has.
    return { uri: this.uri, ...output };
  }

  export(request: ExportRequest = {}, _options?: CallOptions): AsyncIterable<string> {
    const send = (): Promise<Response> =>
      this.#http.send('POST', `${this.#path}/export`, {
        json: {
          ...optional({ branch: request.branch, snapshot: request.snapshot }),
          ...(request.type_names === undefined ? {} : { type_names: request.type_names }),
        },
      });
    // Like the engine's, the export starts (and fails) when it is first iterated.
    return {
      async *[Symbol.asyncIterator]() {
        const response = await send();
        if (response.body !== null) yield* ndjsonLines(response.body);
      },
    };
  }

  async snapshot(request: SnapshotRequest = {}, _options?: CallOptions): Promise<SnapshotOutput> {
    return this.#get('/snapshot', { branch: request.branch, snapshot: request.snapshot });
  }

  async createBranch(
    request: BranchCreateRequest,
    _options?: CallOptions,
  ): Promise<BranchCreateOutput> {
    return this.#post('/branches', { name: request.name, ...optional({ from: request.from }) });
  }

  async listBranches(_options?: CallOptions): Promise<BranchListOutput> {
    return this.#get('/branches');
  }

  async deleteBranch(name: string, _options?: CallOptions): Promise<BranchDeleteOutput> {
    return this.#http.json('DELETE', `${this.#path}/branches/${encodeURIComponent(name)}`);
  }

  async mergeBranch(
    request: BranchMergeRequest,
    options?: WriteOptions,
  ): Promise<BranchMergeOutput> {
    return this.#post('/branches/merge', {
      source: request.source,
      ...optional({ target: request.target, message: messageOf(options) }),
      ...(request.delete_branch === undefined ? {} : { delete_branch: request.delete_branch }),
      ...(request.dry_run === undefined ? {} : { dry_run: request.dry_run }),
    });
  }

  async diffBetween(
    request: DiffBetweenRequest,
    _options?: CallOptions,
  ): Promise<DiffBetweenOutput> {
    return this.#get<DiffBetweenOutput>('/diff', {
      to: request.to,
      from: request.from,
      into: request.into,
      ...changePageQuery(request),
    });
  }

  async listCommits(
    request: CommitListRequest = {},
    _options?: CallOptions,
  ): Promise<CommitListOutput> {
    return this.#get('/commits', { branch: request.branch });
  }

  async showCommit(commitId: string, _options?: CallOptions): Promise<CommitOutput> {
    return this.#get(`/commits/${encodeURIComponent(commitId)}`);
  }

  async commitChanges(
    commitId: string,
    request: CommitChangesRequest = {},
    _options?: CallOptions,
  ): Promise<CommitChangesOutput> {
    return this.#get<CommitChangesOutput>(`/commits/${encodeURIComponent(commitId)}/changes`, {
      ...changePageQuery(request),
    });
  }

  async pollChanges(
    request: ChangeFeedRequest = {},
    _options?: CallOptions,
  ): Promise<ChangeFeedOutput> {
    return this.#get<ChangeFeedOutput>('/changes', {
      branch: request.branch,
      cursor: request.cursor,
      start: request.start,
      ...changePageQuery(request),
    });
  }

  changesBaseline(
    request: ChangesBaselineRequest = {},
    _options?: CallOptions,
  ): AsyncIterable<string> {
    const json = {
      ...optional({ branch: request.branch }),
      ...(request.kind === undefined ? {} : { kind: request.kind }),
      ...(request.type === undefined ? {} : { type: request.type }),
      ...(request.op === undefined ? {} : { op: request.op }),
    };
    const send = (): Promise<Response> =>
      this.#http.send('POST', `${this.#path}/changes/baseline`, { json });
    // Like the export, the baseline starts (and fails) when it is first iterated.
    return {
      async *[Symbol.asyncIterator]() {
        const response = await send();
        if (response.body !== null) yield* ndjsonLines(response.body);
      },
    };
  }

  async getSchema(_options?: CallOptions): Promise<SchemaOutput> {
    return this.#get('/schema');
  }

  async planSchema(_request: SchemaApplyRequest): Promise<SchemaApplyOutput> {
    throw new OmniError(
      'not_implemented',
      'a served graph does not plan schema migrations: its schema changes through `omnigraph cluster plan` and `cluster apply`',
    );
  }

  async applySchema(
    request: SchemaApplyRequest,
    options?: WriteOptions,
  ): Promise<SchemaApplyOutput> {
    return this.#post('/schema/apply', {
      schema_source: request.schema_source,
      ...optional({ message: messageOf(options) }),
      ...(request.allow_data_loss === undefined
        ? {}
        : { allow_data_loss: request.allow_data_loss }),
    });
  }

  /** Runs a stored read query of the graph's catalog by name. */
  async runStoredQuery(name: string, request: StoredQueryRequest = {}): Promise<QueryResult> {
    return this.#read(`/queries/${encodeURIComponent(name)}`, {
      ...storedBody(request),
      expect_mutation: false,
    });
  }

  /** Runs a stored mutation of the graph's catalog by name, as one commit. */
  async runStoredMutation(
    name: string,
    request: Omit<StoredQueryRequest, 'snapshot'> = {},
    options: Pick<MutateOptions, 'ifCommit' | 'message'> = {},
  ): Promise<ChangeOutput> {
    const path = `${this.#path}/queries/${encodeURIComponent(name)}`;
    const json = {
      ...storedBody(request),
      expect_mutation: true,
      ...optional({ message: messageOf(options) }),
    };
    return options.ifCommit === undefined
      ? this.#http.json('POST', path, { json })
      : this.#http.json('POST', `${path}/if-graph-commit`, {
          json,
          headers: { [IF_GRAPH_COMMIT]: options.ifCommit },
        });
  }

  /**
   * Closes the handle as an embedded graph closes: later calls fail with `conflict`, and the
   * requests already sent are waited for. Connections are the process's pool: nothing else to
   * release.
   */
  close(): Promise<void> {
    return this.#gate.close();
  }

  #get<T>(
    path: string,
    query?: Record<string, string | readonly string[] | undefined>,
  ): Promise<T> {
    return this.#http.json('GET', `${this.#path}${path}`, query === undefined ? {} : { query });
  }

  #post<T>(path: string, json: unknown): Promise<T> {
    return this.#http.json('POST', `${this.#path}${path}`, { json });
  }

  /**
   * A read's result, its values typed as the engine types them when the server names the
   * columns of 64-bit integers (`Omnigraph-Bigint-Columns`); without that header, integers
   * beyond the safe range are `bigint` and the others numbers.
   */
  async #read(path: string, json: unknown): Promise<QueryResult> {
    const response = await this.#http.jsonResponse('POST', `${this.#path}${path}`, { json });
    const result = response.body as QueryResult;
    const columns = response.headers.get(BIGINT_COLUMNS_HEADER);
    if (columns === null) return result;
    return { ...result, rows: typedResultRows(result.rows, parseBigintColumnsHeader(columns)) };
  }
}

/**
 * The message of a write, checked here as the engine checks it (a query string could not carry
 * a lone surrogate, and would silently replace it): undefined for none.
 */
function messageOf(options: WriteOptions | undefined): string | undefined {
  return commitMessageOf(options?.message, 'message');
}

/** The fields of `fields` that are set (the server's request objects are strict). */
function optional(fields: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

function storedBody(request: StoredQueryRequest): Record<string, unknown> {
  return {
    ...optional({ branch: request.branch, snapshot: request.snapshot }),
    ...(request.params == null ? {} : { params: request.params }),
  };
}

/** The query string of a page of changes: its token, size and filters. */
function changePageQuery(request: {
  readonly page_token?: string | undefined;
  readonly limit?: number | undefined;
  readonly kind?: readonly string[] | undefined;
  readonly type?: readonly string[] | undefined;
  readonly op?: readonly string[] | undefined;
}): Record<string, string | readonly string[] | undefined> {
  return {
    page_token: request.page_token,
    limit: request.limit === undefined ? undefined : String(request.limit),
    kind: request.kind,
    type: request.type,
    op: request.op,
  };
}

/** The body of an inline read: the source, the query to run, params, branch or snapshot. */
function readBody(request: QueryRequest): Record<string, unknown> {
  return {
    query: request.query,
    ...optional({ name: request.name, branch: request.branch, snapshot: request.snapshot }),
    ...(request.params == null ? {} : { params: request.params }),
  };
}

import type { MutationQueryIR } from '../../compiler/ir/query-ir.js';
import { bindParams, type BoundParams } from '../../compiler/params/bind-params.js';
import { OmniError } from '../../util/omni-error.js';
import { CompiledQueries } from '../query/index.js';
import type { Snapshot } from '../snapshot/index.js';

/** Compiled mutations of this process, shared by every graph (keyed by schema id). */
const COMPILED = new CompiledQueries();

/** A mutation compiled against one schema, with its params bound. */
export interface PreparedMutation {
  readonly schemaId: string;
  readonly query: MutationQueryIR;
  readonly params: BoundParams;
}

/** The mutation to compile: `.gq` source, the query to run, its JSON params, its file name. */
export interface MutationSource {
  readonly source: string;
  readonly name: string | undefined;
  readonly params: unknown;
  readonly file: string | undefined;
}

/**
 * Compiles the mutation against the snapshot's schema and binds its params, as the read path
 * does. A read query is refused, pointing at `query`.
 */
export function compileMutation(snapshot: Snapshot, mutation: MutationSource): PreparedMutation {
  const { source, name, params, file } = mutation;
  const query = COMPILED.compile(snapshot.schema.id, snapshot.catalog, source, name, file);
  if (query.kind !== 'mutation') {
    throw new OmniError(
      'bad_request',
      `query '${query.name}' is a read query (match/return); use query for read queries`,
      { details: { query: query.name } },
    );
  }
  return { schemaId: snapshot.schema.id, query, params: bindParams(query, params) };
}

import {
  compileSchema,
  parseQuery,
  typeDescriptor,
  typecheckQuery,
  type QueryDecl,
  type TypeDescriptor,
} from '../compiler/index.js';
import { OmniError } from '../util/omni-error.js';

/** One declared parameter of a stored query, as the tool catalog describes it. */
export interface StoredQueryParam extends TypeDescriptor {
  /** The parameter's name, without `$`. */
  readonly name: string;
}

/**
 * A query a graph registers for invocation by name (`POST /graphs/{id}/queries/{name}`), already
 * parsed and typechecked against the graph's schema at boot.
 */
export interface StoredQuery {
  readonly name: string;
  /** The name MCP clients call it by (the query's name unless the cluster renames it). */
  readonly toolName: string;
  /** The `.gq` text that declares it (it may declare other queries too). */
  readonly source: string;
  readonly description?: string;
  readonly instruction?: string;
  /** Whether it inserts, updates or deletes (then it runs as a mutation). */
  readonly mutation: boolean;
  readonly params: readonly StoredQueryParam[];
}

/** What {@link compileStoredQuery} needs: the query's name and the `.gq` text declaring it. */
export interface StoredQueryInput {
  readonly name: string;
  readonly source: string;
  /** The file the source came from, named in parse and type errors. */
  readonly file?: string;
  /** Defaults to `name`. */
  readonly toolName?: string;
}

/**
 * Parses `input.source`, picks the query `input.name` and typechecks it against the schema:
 * a parse or type error, or a source that does not declare the name, fails (the boot quarantines
 * the graph). Description and instruction come from the query's own annotations.
 *
 * @example
 * const stored = compileStoredQuery({ name: 'get_person', source }, schemaSource);
 */
export function compileStoredQuery(input: StoredQueryInput, schemaSource: string): StoredQuery {
  const parsed = parseQuery(input.source, input.file === undefined ? {} : { file: input.file });
  const decl = parsed.queries.find((candidate) => candidate.name === input.name);
  if (decl === undefined) {
    throw new OmniError(
      'bad_request',
      `stored query '${input.name}' is not declared by its source`,
      {
        details: { query: input.name },
      },
    );
  }
  typecheckQuery(compileSchema(schemaSource), decl);
  return {
    name: decl.name,
    toolName: input.toolName ?? decl.name,
    source: input.source,
    ...annotations(decl),
    mutation: decl.body.kind === 'mutation',
    params: decl.params.map((param) => ({
      name: param.name,
      ...typeDescriptor(param.type, param.nullable),
    })),
  };
}

function annotations(decl: QueryDecl): Pick<StoredQuery, 'description' | 'instruction'> {
  return {
    ...(decl.description === undefined ? {} : { description: decl.description }),
    ...(decl.instruction === undefined ? {} : { instruction: decl.instruction }),
  };
}

/**
 * Builds a {@link Catalog} from a schema AST, enforcing every catalog rule, and keeps stable
 * ids across compilations (see `stable-ids.ts`).
 */
import type { Catalog, EdgeType, InterfaceType, NodeType } from './catalog.js';
import { catalogError } from './catalog-error.js';
import { edgeTraversalName, foldEdgeName } from './catalog-lookup.js';
import { QUERY_KEYWORDS } from '../common/query-keywords.js';
import { IdCounter, withStableIds } from './stable-ids.js';
import { buildProperties, previousOf, type BuildContext } from './build-properties.js';
import { typeMetadata, type TypeMetadata } from './annotation-rules.js';
import { buildNodeType } from './build-node-type.js';
import { buildEdgeType } from './build-edge-type.js';
import type {
  EdgeDecl,
  InterfaceDecl,
  NodeDecl,
  SchemaDecl,
  SchemaFile,
} from '../schema/schema-ast.js';

/** The file name errors show when the caller names none: a label, not a real file. */
export const DEFAULT_SCHEMA_FILE = '<schema>';

/** Options of {@link buildCatalog}. */
export interface BuildCatalogOptions {
  /** File name shown in catalog errors; default `<schema>`. */
  readonly file?: string;
  /**
   * The previously accepted catalog. Types and properties that keep their name, or name their
   * old one with `@rename_from`, keep its ids; new ones get fresh ids from its counter.
   */
  readonly previous?: Catalog;
}

/**
 * Builds and checks the catalog of a parsed schema. Throws a `schema_error` OmniError
 * (`catalog error: …`) at the first broken rule.
 *
 * @example buildCatalog(parseSchema('node Person { name: String @key }')).nodeTypes[0]?.key // ['name']
 */
export function buildCatalog(ast: SchemaFile, options: BuildCatalogOptions = {}): Catalog {
  const context: BuildContext = {
    file: options.file ?? DEFAULT_SCHEMA_FILE,
    counter: new IdCounter(options.previous?.nextId ?? 1),
    previous: options.previous,
  };
  const interfaceDecls = declarationsOf(ast, 'interface', context);
  const nodeDecls = declarationsOf(ast, 'node', context);
  const edgeDecls = declarationsOf(ast, 'edge', context);
  checkEdgeNameFolding(edgeDecls, context);
  checkReservedEdgeNames(edgeDecls, context);

  const interfaces = withStableIds(
    interfaceDecls.map((decl) => ({ decl, name: decl.name, renameFrom: null })),
    context.previous?.interfaces ?? [],
    context.counter,
  ).map(({ decl, id }) => ({ decl, type: buildInterface(decl, id, context) }));
  const nodeTypes = withMetadata(nodeDecls, 'node', context.previous?.nodeTypes, context).map(
    ({ decl, id, metadata }) => buildNodeType(decl, { id, metadata, interfaces }, context),
  );
  const edgeTypes = withMetadata(edgeDecls, 'edge', context.previous?.edgeTypes, context).map(
    ({ decl, id, metadata }) => buildEdgeType(decl, { id, metadata, nodeTypes }, context),
  );
  return {
    interfaces: interfaces.map((entry) => entry.type),
    nodeTypes,
    edgeTypes,
    nextId: context.counter.next,
  };
}

function buildInterface(decl: InterfaceDecl, id: number, context: BuildContext): InterfaceType {
  const owner = { file: context.file, kind: 'interface', typeName: decl.name } as const;
  const previous = previousOf(context.previous?.interfaces, id)?.properties ?? [];
  return {
    kind: 'interface',
    id,
    name: decl.name,
    properties: buildProperties(decl.properties, owner, previous, context),
  };
}

/** Checks the type-level annotations of each declaration and gives it its stable id. */
function withMetadata<D extends NodeDecl | EdgeDecl>(
  decls: readonly D[],
  kind: D['kind'],
  previous: readonly (NodeType | EdgeType)[] | undefined,
  context: BuildContext,
): { readonly decl: D; readonly id: number; readonly metadata: TypeMetadata }[] {
  const claims = decls.map((decl) => {
    const metadata = typeMetadata(decl.annotations, {
      file: context.file,
      label: `${kind} ${decl.name}`,
    });
    return { decl, metadata, name: decl.name, renameFrom: metadata.renameFrom };
  });
  return withStableIds(claims, previous ?? [], context.counter);
}

const DUPLICATE_LABEL: Readonly<Record<SchemaDecl['kind'], string>> = {
  interface: 'interface',
  node: 'node type',
  edge: 'edge type',
};

/** The declarations of one kind, refusing a name declared twice. */
function declarationsOf<K extends SchemaDecl['kind']>(
  ast: SchemaFile,
  kind: K,
  context: BuildContext,
): Extract<SchemaDecl, { kind: K }>[] {
  const decls = ast.declarations.filter(
    (decl): decl is Extract<SchemaDecl, { kind: K }> => decl.kind === kind,
  );
  const seen = new Set<string>();
  for (const decl of decls) {
    if (seen.has(decl.name)) {
      throw catalogError(
        { file: context.file, location: decl.location },
        `duplicate ${DUPLICATE_LABEL[kind]}: ${decl.name}`,
      );
    }
    seen.add(decl.name);
  }
  return decls;
}

/** Edge names must stay distinct once case is folded, since lookups ignore case. */
function checkEdgeNameFolding(decls: readonly EdgeDecl[], context: BuildContext): void {
  const byFolded = new Map<string, string>();
  for (const decl of decls) {
    const earlier = byFolded.get(foldEdgeName(decl.name));
    if (earlier !== undefined) {
      throw catalogError(
        { file: context.file, location: decl.location },
        `edge name collision after case folding: '${decl.name}' conflicts with '${earlier}'`,
      );
    }
    byFolded.set(foldEdgeName(decl.name), decl.name);
  }
}

/**
 * Queries traverse an edge by its name with a lowercase initial (`$a knows $b`), where a keyword
 * of the query language reads as that keyword (`not { … }` opens a negation): such an edge
 * could not be queried. Node types (capitalized) and properties (after `.` or in braces) never
 * stand where a keyword does, so only edge names are reserved.
 */
function checkReservedEdgeNames(decls: readonly EdgeDecl[], context: BuildContext): void {
  for (const decl of decls) {
    const traversal = edgeTraversalName(decl);
    if (QUERY_KEYWORDS.has(traversal)) {
      throw catalogError(
        { file: context.file, location: decl.location },
        `edge name '${decl.name}' is reserved: queries traverse it as '${traversal}', a keyword of the query language; rename the edge`,
      );
    }
  }
}

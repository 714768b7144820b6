/**
 * The kinds of resource a cluster manages. Each has one address form:
 * `graph.<id>`, `schema.<id>`, `query.<graph>.<name>`, `policy.<name>`,
 * `provider.embedding.<name>`.
 */
export const RESOURCE_KINDS = ['graph', 'schema', 'query', 'policy', 'embedding_provider'] as const;

/** One of {@link RESOURCE_KINDS}. */
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** A resource address split into its kind and names. */
export type ParsedAddress =
  | { readonly kind: 'graph' | 'schema'; readonly graph: string }
  | { readonly kind: 'query'; readonly graph: string; readonly name: string }
  | { readonly kind: 'policy' | 'embedding_provider'; readonly name: string };

/** The prefix of every embedding provider address. */
export const EMBEDDING_PROVIDER_PREFIX = 'provider.embedding.';

/** `graph.<id>` */
export function graphAddress(id: string): `graph.${string}` {
  return `graph.${id}`;
}

/** `schema.<id>`: the schema of graph `id`. */
export function schemaAddress(id: string): string {
  return `schema.${id}`;
}

/** `query.<graph>.<name>` */
export function queryAddress(graph: string, name: string): string {
  return `query.${graph}.${name}`;
}

/** `policy.<name>` */
export function policyAddress(name: string): string {
  return `policy.${name}`;
}

/** `provider.embedding.<name>` */
export function embeddingProviderAddress(name: string): string {
  return `${EMBEDDING_PROVIDER_PREFIX}${name}`;
}

/**
 * The kind and names of an address, or undefined when it has none of the five forms. Names
 * never contain a dot (resource ids and query names forbid it), so the split is unambiguous.
 *
 * @example parseResourceAddress('query.knowledge.find_person') // { kind: 'query', graph: 'knowledge', name: 'find_person' }
 */
export function parseResourceAddress(address: string): ParsedAddress | undefined {
  const parts = address.split('.');
  if (parts.some((part) => part === '')) return undefined;
  const [head, first, second, ...rest] = parts;
  if (first === undefined || rest.length > 0) return undefined;
  if (second === undefined) {
    if (head === 'graph' || head === 'schema') return { kind: head, graph: first };
    if (head === 'policy') return { kind: 'policy', name: first };
    return undefined;
  }
  if (head === 'query') return { kind: 'query', graph: first, name: second };
  if (head === 'provider' && first === 'embedding') {
    return { kind: 'embedding_provider', name: second };
  }
  return undefined;
}

/**
 * The compiled schema: the serializable description of a graph's types that the engine (tables,
 * validation, indexes) and the query typechecker consume. Built from `.pg` source by
 * `compileSchema`; plain immutable data, so it round-trips through JSON (see `catalog-json.ts`).
 *
 * Every type and property carries a stable numeric `id`. Ids survive `@rename_from` renames and
 * are never reused: a type or property that is dropped and later added again gets a fresh id from
 * the catalog's monotonic `nextId` counter.
 */

/** Base (scalar) types of the schema language, spelled as in `.pg`. */
export type ScalarType =
  'String' | 'Blob' | 'Bool' | 'I32' | 'I64' | 'U32' | 'U64' | 'F32' | 'F64' | 'Date' | 'DateTime';

/** Every {@link ScalarType}, in their canonical order. */
export const SCALAR_TYPES: readonly ScalarType[] = [
  'String',
  'Blob',
  'Bool',
  'I32',
  'I64',
  'U32',
  'U64',
  'F32',
  'F64',
  'Date',
  'DateTime',
];

/** The declared type of a property, without nullability (see {@link Property.nullable}). */
export type PropertyType =
  ScalarPropertyType | ListPropertyType | EnumPropertyType | VectorPropertyType;

/** A single base value: `String`, `I32`, … */
export interface ScalarPropertyType {
  readonly kind: 'scalar';
  readonly scalar: ScalarType;
}

/** `[T]`: a list of a base type other than `Blob`. */
export interface ListPropertyType {
  readonly kind: 'list';
  readonly element: ScalarType;
}

/** `enum(a, b)`: stored as Utf8; `values` are sorted and distinct. */
export interface EnumPropertyType {
  readonly kind: 'enum';
  readonly values: readonly string[];
}

/** `Vector(N)`: a fixed-size list of `N` Float32 values. */
export interface VectorPropertyType {
  readonly kind: 'vector';
  readonly dimension: number;
}

/**
 * An annotation kept as metadata (`@description`, `@instruction`, `@embed`, custom ones, …).
 * Values are the literal's text: a string literal's decoded content, a number as written, `true`
 * or `false`, or a bare identifier.
 */
export interface Annotation {
  readonly name: string;
  /** The positional value, or null for a bare `@name`. */
  readonly value: string | null;
  /** Keyword arguments (`model="…"`) in source order. */
  readonly kwargs: Readonly<Record<string, string>>;
}

/** `@embed("source", model="…")` on a Vector property: the String property it embeds. */
export interface EmbedSpec {
  readonly source: string;
  readonly model: string | null;
}

/** A bound of `@range`: integers are exact (`bigint`), floats are `number`. */
export type RangeBound =
  | { readonly kind: 'integer'; readonly value: bigint }
  | { readonly kind: 'float'; readonly value: number };

/** A constraint of a node or edge type; property-level `@key/@unique/@index` are desugared here. */
export type Constraint =
  | { readonly kind: 'key'; readonly properties: readonly string[] }
  | { readonly kind: 'unique'; readonly properties: readonly string[] }
  | { readonly kind: 'index'; readonly properties: readonly string[] }
  | {
      readonly kind: 'range';
      readonly property: string;
      /** Inclusive lower bound; null when open. */
      readonly min: RangeBound | null;
      /** Inclusive upper bound; null when open. */
      readonly max: RangeBound | null;
    }
  | { readonly kind: 'check'; readonly property: string; readonly pattern: string };

/** The kinds of constraint. */
export type ConstraintKind = Constraint['kind'];

/** A declared property of an interface, node or edge type. */
export interface Property {
  /** Stable id (see the module comment). */
  readonly id: number;
  readonly name: string;
  readonly type: PropertyType;
  readonly nullable: boolean;
  /** Metadata annotations in source order, including `@description`, `@embed`, `@rename_from`. */
  readonly annotations: readonly Annotation[];
  readonly description: string | null;
  readonly embed: EmbedSpec | null;
  /** The old name given by `@rename_from`, if any. */
  readonly renameFrom: string | null;
}

/** Physical index kinds (docs/reference/query.md, "Indexes"). */
export type IndexKind = 'btree' | 'fts' | 'vector';

/** Arrow types of the scalar columns; see {@link ArrowType}. */
export type ArrowScalarType =
  | { readonly kind: 'utf8' }
  | { readonly kind: 'large_binary' }
  | { readonly kind: 'bool' }
  | { readonly kind: 'int32' }
  | { readonly kind: 'int64' }
  | { readonly kind: 'uint32' }
  | { readonly kind: 'uint64' }
  | { readonly kind: 'float32' }
  | { readonly kind: 'float64' }
  /** Epoch days. */
  | { readonly kind: 'date32' }
  /** Epoch milliseconds. */
  | { readonly kind: 'date64' };

/** The Arrow type of a physical column, as data; the engine turns it into `apache-arrow` types. */
export type ArrowType =
  | ArrowScalarType
  /** Always of Float32 elements (`Vector(N)`). */
  | { readonly kind: 'fixed_size_list'; readonly dimension: number }
  | { readonly kind: 'list'; readonly element: ArrowScalarType };

/** One column of a type's table, in table order. */
export interface Column {
  readonly name: string;
  readonly type: ArrowType;
  readonly nullable: boolean;
  /** The property stored in this column; null for `id`, `src`, `dst`. */
  readonly propertyId: number | null;
  /** Indexes the engine builds on this column (empty: none). */
  readonly indexes: readonly IndexKind[];
}

/** Common fields of node and edge types. */
interface DataTypeBase {
  readonly id: number;
  readonly name: string;
  /** Properties in declaration order (for nodes, injected interface properties follow). */
  readonly properties: readonly Property[];
  /** Constraints in source order. */
  readonly constraints: readonly Constraint[];
  /** Type-level metadata annotations in source order, including `@rename_from`. */
  readonly annotations: readonly Annotation[];
  readonly description: string | null;
  readonly instruction: string | null;
  readonly renameFrom: string | null;
  /** The table layout: identity columns first, then one column per property. */
  readonly columns: readonly Column[];
}

/** `interface I { … }`: properties injected into implementing nodes; it has no table. */
export interface InterfaceType {
  readonly kind: 'interface';
  readonly id: number;
  readonly name: string;
  readonly properties: readonly Property[];
}

/** `node T implements I { … }`. */
export interface NodeType extends DataTypeBase {
  readonly kind: 'node';
  readonly implements: readonly string[];
  /** The `@key` properties, or null when ids are generated. */
  readonly key: readonly string[] | null;
}

/** `@card(min..max)`, counted per source node; `max` null = unbounded. Default `0..`. */
export interface Cardinality {
  readonly min: number;
  readonly max: number | null;
}

/** `edge E: From -> To @card(…) { … }`. */
export interface EdgeType extends DataTypeBase {
  readonly kind: 'edge';
  /** Source node type name. */
  readonly from: string;
  /** Target node type name. */
  readonly to: string;
  readonly cardinality: Cardinality;
}

/** Any declared type. */
export type SchemaType = InterfaceType | NodeType | EdgeType;

/** The kinds of type (`type_kind` in migration JSON). */
export type TypeKind = SchemaType['kind'];

/** A compiled schema. Arrays are in declaration order. */
export interface Catalog {
  readonly interfaces: readonly InterfaceType[];
  readonly nodeTypes: readonly NodeType[];
  readonly edgeTypes: readonly EdgeType[];
  /** The next unused stable id; grows monotonically across compilations. */
  readonly nextId: number;
}

import type {
  ListPropertyType,
  ScalarPropertyType,
  VectorPropertyType,
} from '../catalog/catalog.js';

/**
 * The `.gq` abstract syntax tree, as the parser returns it: immutable plain data, tagged unions on
 * `kind`. Names and spellings are resolved by the typechecker, not here.
 */

/** Where a node starts in its source (1-based). */
export interface SourcePos {
  readonly line: number;
  readonly column: number;
}

/** A parsed `.gq` file. */
export interface QueryFile {
  readonly queries: readonly QueryDecl[];
}

/** `query name($p: T, …) @description("…") { … }`. */
export interface QueryDecl {
  readonly name: string;
  readonly params: readonly ParamDecl[];
  readonly description: string | undefined;
  readonly instruction: string | undefined;
  readonly body: QueryBody;
  /** The file the query was parsed from, as the caller named it (errors show it). */
  readonly file: string;
  readonly at: SourcePos;
}

/** A declared parameter, `$name: Type?`. `name` has no `$`. */
export interface ParamDecl {
  readonly name: string;
  readonly type: ParamType;
  readonly nullable: boolean;
  readonly at: SourcePos;
}

/** What a parameter may be declared as: a scalar, `[T]` or `Vector(N)` (never an enum). */
export type ParamType = ScalarPropertyType | ListPropertyType | VectorPropertyType;

/** A query body: a read or a list of mutation statements. */
export type QueryBody = ReadBody | MutationBody;

/** `match { … } return { … } order { … } limit N`. */
export interface ReadBody {
  readonly kind: 'read';
  readonly match: readonly Clause[];
  readonly returns: readonly Projection[];
  readonly order: readonly Ordering[];
  readonly limit: number | undefined;
}

/** One or more `insert` / `update` / `delete` statements. */
export interface MutationBody {
  readonly kind: 'mutation';
  readonly statements: readonly MutationStmt[];
}

// ── match clauses ───────────────────────────────────────────────────────────────────────────

/** One clause of a `match` block (or of a `not { }` inside it). */
export type Clause = BindingClause | TraversalClause | FilterClause | NegationClause | SearchClause;

/** `$p: Person { name: $name }`. */
export interface BindingClause {
  readonly kind: 'binding';
  readonly variable: string;
  readonly typeName: string;
  readonly props: readonly PropMatch[];
  readonly at: SourcePos;
}

/** `name: $name` inside a binding. */
export interface PropMatch {
  readonly property: string;
  readonly value: MatchValue;
  readonly at: SourcePos;
}

/** Hop bounds `{min,max}`; `max` undefined means the unbounded `{min,}`. */
export interface TraversalBounds {
  readonly min: number;
  readonly max: number | undefined;
}

/** `$a knows{1,3} $b`, `$a <related> $b`, `$p $w:knows $f`. */
export interface TraversalClause {
  readonly kind: 'traversal';
  readonly source: string;
  readonly edgeVariable: string | undefined;
  /** The edge name as written (lowercase initial). */
  readonly edge: string;
  readonly undirected: boolean;
  readonly bounds: TraversalBounds | undefined;
  readonly target: string;
  readonly at: SourcePos;
}

/** Comparison operators. */
export type CompOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** Filter operators: comparisons plus `contains` and `starts_with`. */
export type FilterOp = CompOp | 'contains' | 'starts_with';

/** `left op right`. */
export interface FilterClause {
  readonly kind: 'filter';
  readonly left: Expr;
  readonly op: FilterOp;
  readonly right: Expr;
  readonly at: SourcePos;
}

/** `not { … }`. */
export interface NegationClause {
  readonly kind: 'negation';
  readonly clauses: readonly Clause[];
  readonly at: SourcePos;
}

/** A text search call used as a match clause: `search(…)`, `fuzzy(…)`, `match_text(…)`. */
export interface SearchClause {
  readonly kind: 'search-clause';
  readonly call: SearchExpr | FuzzyExpr | MatchTextExpr;
  readonly at: SourcePos;
}

// ── expressions ─────────────────────────────────────────────────────────────────────────────

/** Any expression. */
export type Expr =
  | NowExpr
  | NearestExpr
  | SearchExpr
  | FuzzyExpr
  | MatchTextExpr
  | Bm25Expr
  | RrfExpr
  | AggregateExpr
  | PropertyExpr
  | VariableExpr
  | LiteralExpr
  | IdentExpr;

/** The kind tag of an expression. */
export type ExprKind = Expr['kind'];

/** `now()`. */
export interface NowExpr {
  readonly kind: 'now';
  readonly at: SourcePos;
}

/** `nearest($d.embedding, $q)`. */
export interface NearestExpr {
  readonly kind: 'nearest';
  readonly field: PropertyExpr;
  readonly query: Expr;
  readonly at: SourcePos;
}

/** `search($d.body, $q)`. */
export interface SearchExpr {
  readonly kind: 'search';
  readonly field: Expr;
  readonly query: Expr;
  readonly at: SourcePos;
}

/** `fuzzy($d.title, $q, 2)`. */
export interface FuzzyExpr {
  readonly kind: 'fuzzy';
  readonly field: Expr;
  readonly query: Expr;
  readonly maxEdits: Expr | undefined;
  readonly at: SourcePos;
}

/** `match_text($d.body, $q)`. */
export interface MatchTextExpr {
  readonly kind: 'match-text';
  readonly field: Expr;
  readonly query: Expr;
  readonly at: SourcePos;
}

/** `bm25($d.body, $q)`. */
export interface Bm25Expr {
  readonly kind: 'bm25';
  readonly field: Expr;
  readonly query: Expr;
  readonly at: SourcePos;
}

/** `rrf(nearest(…), bm25(…), 60)`. Operands are checked to be rank expressions by the typechecker. */
export interface RrfExpr {
  readonly kind: 'rrf';
  readonly left: Expr;
  readonly right: Expr;
  readonly k: Expr | undefined;
  readonly at: SourcePos;
}

/** Aggregate functions. */
export type AggregateFn = 'count' | 'sum' | 'avg' | 'min' | 'max';

/** `count($f)`. */
export interface AggregateExpr {
  readonly kind: 'aggregate';
  readonly fn: AggregateFn;
  readonly arg: Expr;
  readonly at: SourcePos;
}

/** `$p.name`. */
export interface PropertyExpr {
  readonly kind: 'property';
  readonly variable: string;
  readonly property: string;
  readonly at: SourcePos;
}

/** `$p` (a match variable or a parameter; the typechecker decides). */
export interface VariableExpr {
  readonly kind: 'variable';
  readonly name: string;
  readonly at: SourcePos;
}

/** A literal value. */
export interface LiteralExpr {
  readonly kind: 'literal';
  readonly value: Literal;
  readonly at: SourcePos;
}

/** A bare identifier: a projection alias referenced from `order`. */
export interface IdentExpr {
  readonly kind: 'ident';
  readonly name: string;
  readonly at: SourcePos;
}

/** Literal values, already decoded (escapes, dates, integers). */
export type Literal =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'integer'; readonly value: bigint }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  /** `date("YYYY-MM-DD")` as days since the Unix epoch. */
  | { readonly kind: 'date'; readonly days: number }
  /** `datetime("…")` as milliseconds since the Unix epoch. */
  | { readonly kind: 'datetime'; readonly ms: number }
  | { readonly kind: 'list'; readonly items: readonly Literal[] };

/** What a binding property, an assignment or a mutation predicate may hold. */
export type MatchValue = LiteralExpr | VariableExpr | NowExpr;

// ── return / order ──────────────────────────────────────────────────────────────────────────

/** `expr as alias`. */
export interface Projection {
  readonly expr: Expr;
  readonly alias: string | undefined;
  readonly at: SourcePos;
}

/** Sort direction. */
export type OrderDirection = 'asc' | 'desc';

/** `expr asc|desc` or `nearest(…)` (no direction). */
export interface Ordering {
  readonly expr: Expr;
  readonly direction: OrderDirection | undefined;
  readonly at: SourcePos;
}

// ── mutations ───────────────────────────────────────────────────────────────────────────────

/** A mutation statement. */
export type MutationStmt = InsertStmt | UpdateStmt | DeleteStmt;

/** `insert Person { name: $name }`. */
export interface InsertStmt {
  readonly kind: 'insert';
  readonly typeName: string;
  readonly assignments: readonly Assignment[];
  readonly at: SourcePos;
}

/** `update Person set { age: $age } where name = $name`. */
export interface UpdateStmt {
  readonly kind: 'update';
  readonly typeName: string;
  readonly assignments: readonly Assignment[];
  readonly where: Predicate;
  readonly at: SourcePos;
}

/** `delete Person where age > $t`. */
export interface DeleteStmt {
  readonly kind: 'delete';
  readonly typeName: string;
  readonly where: Predicate;
  readonly at: SourcePos;
}

/** `prop: value` in an insert or update. */
export interface Assignment {
  readonly property: string;
  readonly value: MatchValue;
  readonly at: SourcePos;
}

/** `prop op value` after `where`. */
export interface Predicate {
  readonly property: string;
  readonly op: CompOp;
  readonly value: MatchValue;
  readonly at: SourcePos;
}

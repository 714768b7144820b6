/**
 * The `.pg` abstract syntax tree as the parser returns it: immutable plain data, tagged on `kind`,
 * every node with its source location. Nothing is resolved or checked here beyond syntax; the
 * catalog builder gives it meaning.
 */
import type { SourceLocation } from '../common/source-location.js';
import type { ScalarType } from '../catalog/catalog.js';

/** A parsed `.pg` file: its declarations in source order. */
export interface SchemaFile {
  readonly declarations: readonly SchemaDecl[];
}

/** A top-level declaration. */
export type SchemaDecl = InterfaceDecl | NodeDecl | EdgeDecl;

/** `interface Name { prop_decl* }`. */
export interface InterfaceDecl {
  readonly kind: 'interface';
  readonly name: string;
  readonly properties: readonly PropertyDecl[];
  readonly location: SourceLocation;
}

/** `node Name annotation* implements_clause? { (prop_decl | body_constraint)* }`. */
export interface NodeDecl {
  readonly kind: 'node';
  readonly name: string;
  readonly annotations: readonly AnnotationDecl[];
  readonly implements: readonly NameRef[];
  readonly members: readonly BodyMember[];
  readonly location: SourceLocation;
}

/** `edge Name: From -> To cardinality? annotation* ({ … })?`. */
export interface EdgeDecl {
  readonly kind: 'edge';
  readonly name: string;
  readonly from: NameRef;
  readonly to: NameRef;
  readonly cardinality: CardinalityDecl | null;
  readonly annotations: readonly AnnotationDecl[];
  readonly members: readonly BodyMember[];
  readonly location: SourceLocation;
}

/** A type name used as a reference (implements clause, edge endpoint). */
export interface NameRef {
  readonly name: string;
  readonly location: SourceLocation;
}

/** `@card(min..max?)`. */
export interface CardinalityDecl {
  readonly min: bigint;
  readonly max: bigint | null;
  readonly location: SourceLocation;
}

/** What a node or edge body holds. */
export type BodyMember = PropertyDecl | ConstraintDecl;

/** `name: Type? annotation*`. */
export interface PropertyDecl {
  readonly kind: 'property';
  readonly name: string;
  readonly type: TypeRef;
  readonly annotations: readonly AnnotationDecl[];
  readonly location: SourceLocation;
}

/** A property's type as written: a core type and `?`. */
export interface TypeRef {
  readonly core: CoreTypeRef;
  readonly nullable: boolean;
  readonly location: SourceLocation;
}

/** `String`, `[T]`, `enum(a, b)`, `Vector(N)`. */
export type CoreTypeRef =
  | { readonly kind: 'scalar'; readonly scalar: ScalarType }
  | { readonly kind: 'list'; readonly element: ScalarType }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'vector'; readonly dimension: bigint };

/** The names a body constraint may have. */
export type ConstraintName = 'key' | 'unique' | 'index' | 'range' | 'check';

/** `@name(arg, …)` in a body. */
export interface ConstraintDecl {
  readonly kind: 'constraint';
  readonly name: ConstraintName;
  readonly args: readonly ConstraintArg[];
  readonly location: SourceLocation;
}

/** An argument of a body constraint. */
export type ConstraintArg = RangeBoundsDecl | LiteralValue | IdentRef;

/** `min..max`, `min..` or `..max` with signed numbers. */
export interface RangeBoundsDecl {
  readonly kind: 'range';
  readonly min: NumberLiteral | null;
  readonly max: NumberLiteral | null;
  readonly location: SourceLocation;
}

/** A bare identifier used as a value (`@key(a)`, `@foo(bar)`). */
export interface IdentRef {
  readonly kind: 'ident';
  readonly name: string;
  readonly location: SourceLocation;
}

/** An integer or float literal; range bounds may be negative. */
export type NumberLiteral = IntegerLiteral | FloatLiteral;

/** `42`; exact. */
export interface IntegerLiteral {
  readonly kind: 'integer';
  readonly value: bigint;
  readonly text: string;
  readonly location: SourceLocation;
}

/** `3.14`; `text` keeps the spelling. */
export interface FloatLiteral {
  readonly kind: 'float';
  readonly value: number;
  readonly text: string;
  readonly location: SourceLocation;
}

/** `"…"` with escapes decoded. */
export interface StringLiteral {
  readonly kind: 'string';
  readonly value: string;
  readonly location: SourceLocation;
}

/** `true` / `false`. */
export interface BoolLiteral {
  readonly kind: 'bool';
  readonly value: boolean;
  readonly location: SourceLocation;
}

/** Any literal. */
export type LiteralValue = StringLiteral | IntegerLiteral | FloatLiteral | BoolLiteral;

/** `@name` or `@name(value, key=literal, …)`. */
export interface AnnotationDecl {
  readonly name: string;
  /** The positional argument; null for a bare `@name`. */
  readonly value: LiteralValue | IdentRef | null;
  readonly kwargs: readonly KwargDecl[];
  readonly location: SourceLocation;
}

/** `key = literal` inside an annotation. */
export interface KwargDecl {
  readonly name: string;
  readonly value: LiteralValue;
  readonly location: SourceLocation;
}

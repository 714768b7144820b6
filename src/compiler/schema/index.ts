// Public surface of the `.pg` schema language: parse, compile to a catalog, look types up,
// serialize the catalog, plan migrations. The shared lexical helpers are exported for `.gq`.
export { compileSchema, type CompileSchemaOptions } from './compile-schema.js';
export { parseSchema, type ParseSchemaOptions } from './parse-schema.js';
export type * from './schema-ast.js';
export {
  buildCatalog,
  DEFAULT_SCHEMA_FILE,
  type BuildCatalogOptions,
} from '../catalog/build-catalog.js';
export {
  SCALAR_TYPES,
  type Annotation,
  type ArrowScalarType,
  type ArrowType,
  type Cardinality,
  type Catalog,
  type Column,
  type Constraint,
  type ConstraintKind,
  type EdgeType,
  type EmbedSpec,
  type EnumPropertyType,
  type IndexKind,
  type InterfaceType,
  type ListPropertyType,
  type NodeType,
  type Property,
  type PropertyType,
  type RangeBound,
  type ScalarPropertyType,
  type ScalarType,
  type SchemaType,
  type TypeKind,
  type VectorPropertyType,
} from '../catalog/catalog.js';
export {
  edgeTraversalName,
  findEdgeType,
  findInterface,
  findNodeType,
  findProperty,
  foldEdgeName,
  typeKey,
} from '../catalog/catalog-lookup.js';
export { formatPropertyType, isNumericScalar, isScalarOf } from '../catalog/property-type.js';
export { arrowTypeOf } from '../catalog/physical-layout.js';
export { compileCheckPattern, type CompiledCheckPattern } from '../catalog/check-pattern.js';
export { MAX_VECTOR_DIMENSION } from '../catalog/build-property.js';
export { CATALOG_JSON_VERSION, catalogFromJson, catalogToJson } from '../catalog/catalog-json.js';
export {
  decodeStringLiteral,
  formatStringLiteral,
  type DecodedString,
} from '../common/string-literal.js';
export {
  parseErrorAt,
  runParser,
  type PeggyParse,
  type RunParserOptions,
} from '../common/parse-error.js';
export { locationDetails, type SourceLocation } from '../common/source-location.js';
export { formatConstraint } from '../catalog/format-constraint.js';
export { planMigration, type PlanMigrationOptions } from '../migration/plan-migration.js';
export type {
  DropMode,
  MigrationPlan,
  MigrationStep,
  MigrationStepKind,
} from '../migration/migration-step.js';
export {
  migrationPlanToJson,
  migrationStepToJson,
  type JsonObject,
  type JsonValue,
} from '../migration/migration-json.js';
export { renderMigrationStep } from '../migration/render-step.js';
export { LINT_CODES, type LintCode, type LintTier } from '../migration/lint-codes.js';

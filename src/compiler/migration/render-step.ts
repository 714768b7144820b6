/** One-line human renderings of migration steps, as `schema plan`/`schema apply` print them. */
import { assertNever } from '../../util/assert-never.js';
import type { Annotation } from '../catalog/catalog.js';
import { formatConstraint } from '../catalog/format-constraint.js';
import { formatPropertyType } from '../catalog/property-type.js';
import { formatStringLiteral } from '../common/string-literal.js';
import { LINT_CODES } from './lint-codes.js';
import type { MigrationStep } from './migration-step.js';

/**
 * The CLI line of a step (docs/guide/schema-evolution.md), without the leading `- `.
 *
 * @example renderMigrationStep({ kind: 'add_type', typeKind: 'node', name: 'X' }) // "add node type 'X'"
 */
export function renderMigrationStep(step: MigrationStep): string {
  switch (step.kind) {
    case 'add_type':
      return `add ${step.typeKind} type '${step.name}'`;
    case 'rename_type':
      return `rename ${step.typeKind} type '${step.from}' -> '${step.to}'`;
    case 'add_property':
      return `add property '${step.typeName}.${step.propertyName}' (${formatPropertyType(step.propertyType, step.nullable)}) on ${step.typeKind} '${step.typeName}'`;
    case 'rename_property':
      return `rename property '${step.typeName}.${step.from}' -> '${step.typeName}.${step.to}' on ${step.typeKind} '${step.typeName}'`;
    case 'add_constraint':
      return `add constraint ${formatConstraint(step.constraint)} on ${step.typeKind} '${step.typeName}'`;
    case 'extend_enum':
      return `extend enum '${step.typeName}.${step.propertyName}' (${step.addedValues.map((value) => `+${value}`).join(', ')}) on ${step.typeKind} '${step.typeName}'`;
    case 'update_type_metadata':
      return `update metadata on ${step.typeKind} '${step.name}' (${renderAnnotations(step.annotations)})`;
    case 'update_property_metadata':
      return `update metadata on property '${step.typeName}.${step.propertyName}' of ${step.typeKind} '${step.typeName}' (${renderAnnotations(step.annotations)})`;
    case 'drop_type':
      return `drop ${step.typeKind} type '${step.name}' (${step.mode} mode)`;
    case 'drop_property':
      return `drop property '${step.typeName}.${step.propertyName}' of ${step.typeKind} '${step.typeName}' (${step.mode} mode)`;
    case 'unsupported_change':
      return step.code === null
        ? `unsupported change on ${step.entity}: ${step.reason}`
        : `unsupported change on ${step.entity} [${step.code}, ${LINT_CODES[step.code].tier}]: ${step.reason}`;
    default:
      return assertNever(step, 'migration step');
  }
}

function renderAnnotations(annotations: readonly Annotation[]): string {
  return annotations.map(renderAnnotation).join(' ');
}

/** `@name`, `@name("value")`, `@name("value", key="v")`. */
function renderAnnotation(annotation: Annotation): string {
  if (annotation.value === null) return `@${annotation.name}`;
  const args = [
    formatStringLiteral(annotation.value),
    ...Object.entries(annotation.kwargs).map(
      ([key, value]) => `${key}=${formatStringLiteral(value)}`,
    ),
  ];
  return `@${annotation.name}(${args.join(', ')})`;
}

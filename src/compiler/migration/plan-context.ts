import type { Annotation, SchemaType } from '../catalog/catalog.js';
import type { DropMode } from './migration-step.js';

/** What the per-type diffs need to know about the migration. */
export interface PlanContext {
  readonly mode: DropMode;
  readonly refusePopulatedDrops: boolean;
  /** Whether the accepted type holds rows (interfaces never do). */
  readonly isPopulated: (type: SchemaType) => boolean;
}

/** An accepted type and the desired type with the same stable id. */
export interface TypePair<T extends SchemaType = SchemaType> {
  readonly accepted: T;
  readonly desired: T;
}

/** The entity an `unsupported_change` names: `node:Person`, `node:Person.age`. */
export function entityName(type: SchemaType, property?: string): string {
  return `${type.kind}:${type.name}${property === undefined ? '' : `.${property}`}`;
}

/** Annotations compared for metadata changes: `@rename_from` drives renames, not metadata. */
export function metadataAnnotations(annotations: readonly Annotation[]): readonly Annotation[] {
  return annotations.filter((annotation) => annotation.name !== 'rename_from');
}

/** True when two annotation lists differ. */
export function annotationsDiffer(a: readonly Annotation[], b: readonly Annotation[]): boolean {
  return JSON.stringify(a) !== JSON.stringify(b);
}

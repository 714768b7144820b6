/**
 * Schema migration steps (docs/guide/schema-evolution.md): what it takes to go from the accepted
 * catalog to the desired one. Plain data; `migration-json.ts` writes the wire JSON and
 * `render-step.ts` the CLI's one-line form.
 */
import type { Annotation, Constraint, PropertyType, TypeKind } from '../catalog/catalog.js';
import type { LintCode } from './lint-codes.js';

/** `soft`: the catalog forgets the entry, data stays reachable by time travel until cleanup.
 * `hard`: the engine also cleans up the old versions (irreversible). */
export type DropMode = 'soft' | 'hard';

/** One migration step. */
export type MigrationStep =
  | { readonly kind: 'add_type'; readonly typeKind: TypeKind; readonly name: string }
  | {
      readonly kind: 'rename_type';
      readonly typeKind: TypeKind;
      readonly from: string;
      readonly to: string;
    }
  | {
      readonly kind: 'add_property';
      readonly typeKind: TypeKind;
      readonly typeName: string;
      readonly propertyName: string;
      readonly propertyType: PropertyType;
      readonly nullable: boolean;
    }
  | {
      readonly kind: 'rename_property';
      readonly typeKind: TypeKind;
      readonly typeName: string;
      readonly from: string;
      readonly to: string;
    }
  | {
      readonly kind: 'add_constraint';
      readonly typeKind: TypeKind;
      readonly typeName: string;
      readonly constraint: Constraint;
    }
  | {
      readonly kind: 'extend_enum';
      readonly typeKind: TypeKind;
      readonly typeName: string;
      readonly propertyName: string;
      /** Sorted. */
      readonly addedValues: readonly string[];
    }
  | {
      readonly kind: 'update_type_metadata';
      readonly typeKind: TypeKind;
      readonly name: string;
      /** The desired metadata annotations, in full. */
      readonly annotations: readonly Annotation[];
    }
  | {
      readonly kind: 'update_property_metadata';
      readonly typeKind: TypeKind;
      readonly typeName: string;
      readonly propertyName: string;
      /** The desired metadata annotations, in full. */
      readonly annotations: readonly Annotation[];
    }
  | {
      readonly kind: 'drop_type';
      readonly typeKind: TypeKind;
      readonly name: string;
      readonly mode: DropMode;
    }
  | {
      readonly kind: 'drop_property';
      readonly typeKind: TypeKind;
      readonly typeName: string;
      readonly propertyName: string;
      readonly mode: DropMode;
    }
  | {
      readonly kind: 'unsupported_change';
      /** What changes: `node:Person`, `node:Person.age`, `edge:Knows`. */
      readonly entity: string;
      readonly reason: string;
      readonly code: LintCode | null;
    };

/** The kinds of step. */
export type MigrationStepKind = MigrationStep['kind'];

/** A plan: `supported` is false as soon as one step is an `unsupported_change`. */
export interface MigrationPlan {
  readonly supported: boolean;
  readonly steps: readonly MigrationStep[];
}

import type { Catalog, EdgeType, NodeType } from '../../compiler/catalog/catalog.js';
import type { MigrationStep } from '../../compiler/migration/migration-step.js';

/**
 * `unsupported_change` steps for every `@embed` property whose recorded model the desired schema
 * changes (docs/guide/schema-evolution.md): the stored vectors were computed by the recorded model,
 * and vectors of two models in one column do not compare. A property that records no model yet may
 * gain one.
 */
export function embedModelChanges(accepted: Catalog, desired: Catalog): MigrationStep[] {
  const acceptedTypes = new Map(dataTypes(accepted).map((type) => [type.id, type]));
  return dataTypes(desired).flatMap((type) => {
    const previous = acceptedTypes.get(type.id);
    if (previous === undefined) return [];
    return type.properties.flatMap((property): MigrationStep[] => {
      const before = previous.properties.find((candidate) => candidate.id === property.id);
      const recorded = before?.embed?.model ?? null;
      const model = property.embed?.model ?? null;
      if (recorded === null || recorded === model) return [];
      return [
        {
          kind: 'unsupported_change',
          entity: `${type.kind}:${type.name}.${property.name}`,
          reason: `changing the @embed model of '${type.name}.${property.name}' from '${recorded}' to ${model === null ? 'none' : `'${model}'`} is not supported: its vectors were computed by '${recorded}'; add a new Vector property for the new model instead`,
          code: null,
        },
      ];
    });
  });
}

function dataTypes(catalog: Catalog): (NodeType | EdgeType)[] {
  return [...catalog.nodeTypes, ...catalog.edgeTypes];
}

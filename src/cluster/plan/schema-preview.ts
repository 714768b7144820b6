import type { SettingsInput } from '../../api/settings.js';
import { messageOf } from '../../util/omni-error.js';
import type { DesiredCluster } from '../config/desired-cluster.js';
import { warningAt, type Diagnostic } from '../diagnostic.js';
import { withGraph } from '../observe/open-graph.js';
import type { ClusterStore } from '../state/cluster-store.js';
import type { PlanChange } from './plan-output.js';

/**
 * Embeds the engine's migration plan in every schema update: the graph is opened read-only at
 * its derived root and asked to plan the desired source. When that fails the change is kept
 * without steps and a `schema_preview_unavailable` warning says why.
 */
export async function previewMigrations(
  store: ClusterStore,
  desired: DesiredCluster,
  changes: readonly PlanChange[],
  settings: SettingsInput | undefined,
): Promise<{ changes: PlanChange[]; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const previewed: PlanChange[] = [];
  for (const change of changes) {
    const graph = change.resource.startsWith('schema.')
      ? desired.graphs.get(change.resource.slice('schema.'.length))
      : undefined;
    if (change.operation !== 'update' || graph === undefined) {
      previewed.push(change);
      continue;
    }
    try {
      const plan = await withGraph(store.graphUri(graph.id), 'read-only', settings, (g) =>
        g.planSchema({ schema_source: graph.schema.source }, { sourceFile: graph.schema.file }),
      );
      previewed.push({ ...change, migration: { supported: plan.supported, steps: plan.steps } });
    } catch (error) {
      previewed.push(change);
      diagnostics.push(
        warningAt(
          'schema_preview_unavailable',
          change.resource,
          `cannot preview the migration of ${change.resource}: ${messageOf(error)}`,
        ),
      );
    }
  }
  return { changes: previewed, diagnostics };
}

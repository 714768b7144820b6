// No import cycle in src/, type-only imports included: a cycle ties its modules into one
// unit that cannot be loaded, tested or moved apart.
import { diskImportGraph, importSpecifiers, isGraphed } from './import-graph.js';
import { importVisitors, srcPath, srcRootOf } from './module-paths.js';

/**
 * The rule over the graph `graphOf(srcRoot)` returns; the linted file's own imports are read
 * from its current text.
 * @param {(srcRoot: string) => import('./import-graph.js').ImportGraph} graphOf
 * @returns {import('eslint').Rule.RuleModule}
 */
export function createNoImportCyclesRule(graphOf) {
  return {
    meta: {
      type: 'problem',
      docs: { description: 'no import cycles between the modules of src/' },
      messages: { cycle: 'import cycle: {{path}}' },
      schema: [],
    },
    create(context) {
      const srcRoot = srcRootOf(context);
      const file = srcPath(context.filename, srcRoot);
      if (!file || !isGraphed(file)) return {};
      const graph = graphOf(srcRoot).withFile(file, importSpecifiers(context.sourceCode.text));
      return importVisitors((node, spec) => {
        const target = graph.resolve(file, spec);
        const cycle = target && graph.cycleThrough(file, target);
        if (cycle) context.report({ node, messageId: 'cycle', data: { path: cycle.join(' → ') } });
      });
    },
  };
}

export const noImportCyclesRule = createNoImportCyclesRule(diskImportGraph);

// The first-level folders of src/engine/ are modules with one entry, their index.ts, and the
// engine as a whole has one entry for the rest of src/: src/engine/index.ts.
import { importVisitors, srcImportTarget, srcPath, srcRootOf } from './module-paths.js';

const ENGINE = 'engine/';
const ENGINE_ENTRY = 'engine/index.ts';

/** An engine file's module: its first-level folder (`engine/lance/`), or the file itself. */
function engineModuleOf(file) {
  const [first, ...rest] = file.slice(ENGINE.length).split('/');
  return rest.length > 0 ? `${ENGINE}${first}/` : file;
}

/** The entry `from` must import instead of `target`, or undefined when `target` is fine. */
function requiredEntry(from, target) {
  if (!target.startsWith(ENGINE)) return undefined;
  if (!from.startsWith(ENGINE)) return target === ENGINE_ENTRY ? undefined : ENGINE_ENTRY;
  const module = engineModuleOf(target);
  if (module === engineModuleOf(from) || !module.endsWith('/')) return undefined;
  const entry = `${module}index.ts`;
  return target === entry ? undefined : entry;
}

/** @type {import('eslint').Rule.RuleModule} */
export const engineEntryRule = {
  meta: {
    type: 'problem',
    docs: { description: 'engine folders are imported through their index.ts' },
    messages: {
      outsideEntry:
        'src/{{from}} is outside the engine and may import it only through src/engine/index.ts, not src/{{target}}',
      folderEntry:
        'src/{{from}} may import src/{{module}} only through src/{{entry}}, not src/{{target}}',
    },
    schema: [],
  },
  create(context) {
    const srcRoot = srcRootOf(context);
    const from = srcPath(context.filename, srcRoot);
    if (!from) return {};
    return importVisitors((node, spec) => {
      const target = srcImportTarget(context.filename, spec, srcRoot);
      const entry = target && requiredEntry(from, target);
      if (!entry) return;
      if (!from.startsWith(ENGINE)) {
        context.report({ node, messageId: 'outsideEntry', data: { from, target } });
        return;
      }
      const module = engineModuleOf(target);
      context.report({ node, messageId: 'folderEntry', data: { from, target, module, entry } });
    });
  },
};

// Declared configuration is the only thing the cluster control plane reads from the local
// filesystem; everything it stores goes through src/storage (file://, s3://), so that a cluster
// runs the same on object storage. One module reads the config directory.
import { importVisitors, srcPath, srcRootOf } from './module-paths.js';

/** The one file of src/cluster/ that may import the filesystem modules. */
const CLUSTER_FS_MODULE = 'cluster/config-files.ts';

const FS_MODULES = new Set(['node:fs', 'node:fs/promises', 'fs', 'fs/promises']);

/** @type {import('eslint').Rule.RuleModule} */
export const clusterFsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'src/cluster reads the filesystem only through config-files.ts' },
    messages: {
      fs: "src/{{file}} may not import '{{spec}}': src/cluster reads files only through src/cluster/config-files.ts and stores through src/storage",
    },
    schema: [],
  },
  create(context) {
    const file = srcPath(context.filename, srcRootOf(context));
    if (!file?.startsWith('cluster/') || file === CLUSTER_FS_MODULE) return {};
    return importVisitors((node, spec) => {
      if (FS_MODULES.has(spec)) context.report({ node, messageId: 'fs', data: { file, spec } });
    });
  },
};

import type { MutationQueryIR } from '../../compiler/ir/query-ir.js';
import { assertNever } from '../../util/assert-never.js';
import { deleteEdge, deleteNode } from './delete-statement.js';
import { insertEdge, insertNode } from './insert-statement.js';
import { checkKeyedWriteLimit } from './mutation-limit.js';
import type { MutationScope } from './mutation-scope.js';
import { updateNode } from './update-statement.js';

/**
 * Evaluates the statements in order into the scope's pending changes (later statements see
 * earlier ones), then refuses a mutation over the keyed-write limit. Reads only.
 */
export async function evaluateMutation(
  scope: MutationScope,
  query: MutationQueryIR,
): Promise<void> {
  for (const statement of query.statements) {
    switch (statement.kind) {
      case 'insert-node':
        insertNode(scope, statement);
        break;
      case 'insert-edge':
        insertEdge(scope, statement);
        break;
      case 'update-node':
        await updateNode(scope, statement);
        break;
      case 'delete-node':
        await deleteNode(scope, statement);
        break;
      case 'delete-edge':
        await deleteEdge(scope, statement);
        break;
      default:
        assertNever(statement, 'mutation statement');
    }
    checkKeyedWriteLimit(scope.pending.inputCounts());
  }
}

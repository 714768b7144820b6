import type { OperandIR } from '../../compiler/ir/expr-ir.js';
import type { Value } from '../../compiler/ir/value.js';
import type { BoundParams } from '../../compiler/params/bind-params.js';
import { assertNever } from '../../util/assert-never.js';
import { OmniError } from '../../util/omni-error.js';
import type { Cell } from '../lance/index.js';

/** What operands are evaluated against: the bound parameters and the query's one clock read. */
export interface OperandScope {
  readonly params: BoundParams;
  /** `now()` for this query, epoch milliseconds (read once per query). */
  readonly nowMs: number;
}

/** The value of a parameter, literal or `now()`. A missing parameter is an `internal` error: binding checked it. */
export function operandValue(operand: OperandIR, scope: OperandScope): Value {
  switch (operand.kind) {
    case 'literal':
      return operand.value;
    case 'now':
      return { kind: 'datetime', ms: scope.nowMs };
    case 'param': {
      const value = scope.params[operand.name];
      if (value === undefined) {
        throw new OmniError('param_error', `param '${operand.name}': parameter not provided`, {
          details: { param: operand.name },
        });
      }
      return value;
    }
    default:
      return assertNever(operand, 'operand');
  }
}

/**
 * A typed value as a stored cell (the encoding of `Row`): I64/U64 as bigint, Date as epoch
 * days, DateTime as epoch milliseconds, lists and vectors as arrays. Blobs have no cell here:
 * the typechecker keeps them out of reads.
 */
export function valueCell(value: Value): Cell {
  switch (value.kind) {
    case 'null':
      return null;
    case 'string':
    case 'bool':
    case 'int':
    case 'bigint':
    case 'float':
      return value.value;
    case 'date':
      return value.days;
    case 'datetime':
      return value.ms;
    case 'vector':
      return value.values;
    case 'list':
      return value.items.map(valueCell);
    case 'blob':
      throw new OmniError('bad_request', 'a Blob value cannot be read or compared in a query');
    default:
      return assertNever(value, 'value');
  }
}

// Values shared by every module: coercion of JSON and literals to cells, their JSON text,
// entity ids, strict JSON, value constraints, operand evaluation and the total order of cells.
export { type OperandScope, operandValue, valueCell } from './operand-value.js';
export {
  type StrictJsonLimits,
  type StrictJsonValue,
  isJsonObject,
  parseStrictJson,
} from './strict-json.js';
export { cellJson, formatDate32, formatDate64, formatFloat32 } from './json-text.js';
export {
  cellsEqual,
  compareCells,
  compareStrings,
  orderHolds,
  type OrderOp,
} from './cell-order.js';
export { checkRowConstraints } from './value-constraints.js';
export { coerceValue } from './value-coercion.js';
export { generatedId, keyedNodeId } from './entity-id.js';

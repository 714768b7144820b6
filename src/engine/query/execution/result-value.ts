import type { ResultValue } from '../../../api/read-output.js';
import type { PropertyType, ScalarType } from '../../../compiler/catalog/catalog.js';
import { assertNever } from '../../../util/assert-never.js';
import type { Cell } from '../../lance/index.js';
import { countValue } from './count-value.js';
import { formatDate32, formatDate64, formatFloat32 } from '../../values/index.js';

/** The result value of a cell of `type`. */
export function resultValue(type: PropertyType, cell: Cell): ResultValue {
  if (cell === null) return null;
  switch (type.kind) {
    case 'scalar':
      return scalarValue(type.scalar, cell);
    case 'enum':
      return cell as string;
    case 'list':
      return (cell as readonly Cell[]).map((item) => scalarValue(type.element, item));
    case 'vector':
      return (cell as readonly Cell[]).map((item) => scalarValue('F32', item));
    default:
      return assertNever(type, 'property type');
  }
}

function scalarValue(scalar: ScalarType, cell: Cell): ResultValue {
  if (cell === null) return null;
  switch (scalar) {
    case 'String':
      return cell as string;
    case 'Bool':
      return cell as boolean;
    case 'I32':
    case 'U32':
      return Number(cell);
    case 'I64':
    case 'U64':
      // A number here is a count (groups read their counts in place): small ones share a bigint.
      return typeof cell === 'bigint' ? cell : countValue(cell as number);
    case 'F32':
      return floatValue(Number(cell), true);
    case 'F64':
      return floatValue(Number(cell), false);
    case 'Date':
      return formatDate32(Number(cell));
    case 'DateTime':
      return formatDate64(Number(cell));
    case 'Blob':
      return `base64:${Buffer.from(cell as Uint8Array).toString('base64')}`;
    default:
      return assertNever(scalar, 'scalar type');
  }
}

function floatValue(value: number, single: boolean): ResultValue {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return single ? Number(formatFloat32(value)) : value;
}

import { OmniError } from '../../util/omni-error.js';
import type { ParamIR } from '../ir/query-ir.js';
import type { Fit } from '../ir/fit.js';
import { NULL_VALUE, type Value } from '../ir/value.js';
import { inferJsonValue, jsonToValue } from './json-value.js';

/** Parameter values by name (without `$`), ready for the executor. */
export type BoundParams = Readonly<Record<string, Value>>;

/**
 * Binds JSON `params` (an object, or null/undefined for none) to a query's declared parameters
 * (docs/reference/query.md). A declared parameter that is absent is null when nullable and an error
 * otherwise; keys the query does not declare are kept with inferred types. Throws a `param_error`
 * OmniError whose message names the parameter: `param 'x': …`.
 *
 * @example bindParams({ params: [{ name: 'age', type: { kind: 'scalar', scalar: 'I32' }, nullable: false }] }, { age: 30 })
 * // { age: { kind: 'int', type: 'I32', value: 30 } }
 */
export function bindParams(
  query: { readonly params: readonly ParamIR[] },
  json: unknown,
): BoundParams {
  const input = paramsObject(json);
  const bound: Record<string, Value> = {};
  for (const param of query.params) bound[param.name] = bindDeclared(param, input);
  for (const [name, value] of input) {
    if (Object.hasOwn(bound, name)) continue;
    bound[name] = value === null ? NULL_VALUE : converted(name, inferJsonValue(value));
  }
  return bound;
}

function paramsObject(json: unknown): ReadonlyMap<string, unknown> {
  if (json === null || json === undefined) return new Map();
  if (typeof json !== 'object' || Array.isArray(json)) {
    throw new OmniError('param_error', 'params must be a JSON object');
  }
  return new Map(Object.entries(json));
}

function bindDeclared(param: ParamIR, input: ReadonlyMap<string, unknown>): Value {
  const json = input.get(param.name);
  if (json === undefined) {
    if (param.nullable) return NULL_VALUE;
    throw paramError(param.name, 'parameter not provided');
  }
  if (json === null) {
    if (param.nullable) return NULL_VALUE;
    throw paramError(param.name, 'null is not accepted for non-nullable parameter');
  }
  return converted(param.name, jsonToValue(json, param.type));
}

function converted(name: string, result: Fit<Value>): Value {
  if (result.ok) return result.value;
  throw paramError(name, result.message);
}

function paramError(name: string, message: string): OmniError {
  return new OmniError('param_error', `param '${name}': ${message}`, { details: { param: name } });
}

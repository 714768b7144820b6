import { closestName } from '../../util/closest-name.js';
import { OmniError } from '../../util/omni-error.js';
import { checkWellFormedText } from '../../util/well-formed-text.js';
import { suggestionDetails, withSuggestion } from '../common/did-you-mean.js';
import type { ParamIR } from '../ir/query-ir.js';
import type { Fit } from '../ir/fit.js';
import { NULL_VALUE, type Value } from '../ir/value.js';
import { jsonToValue } from './json-value.js';

/** Parameter values by name (without `$`), ready for the executor. */
export type BoundParams = Readonly<Record<string, Value>>;

/**
 * Binds JSON `params` (an object, or null/undefined for none) to a query's declared parameters
 * (docs/reference/query.md). A declared parameter that is absent is null when nullable and an
 * error otherwise; a key the query does not declare is an error naming it, the declared ones
 * and the closest. Errors are `param_error` OmniErrors whose message names the parameter
 * (`param 'x': …`), except text that is not well-formed Unicode: a `bad_request`, as for any
 * input (`param 'x' is not well-formed Unicode: …`).
 *
 * @example bindParams({ params: [{ name: 'age', type: { kind: 'scalar', scalar: 'I32' }, nullable: false }] }, { age: 30 })
 * // { age: { kind: 'int', type: 'I32', value: 30 } }
 */
export function bindParams(
  query: { readonly params: readonly ParamIR[] },
  json: unknown,
): BoundParams {
  const input = paramsObject(json);
  rejectUndeclared(query.params, input);
  const bound: Record<string, Value> = {};
  for (const param of query.params) bound[param.name] = bindDeclared(param, input);
  return bound;
}

function paramsObject(json: unknown): ReadonlyMap<string, unknown> {
  if (json === null || json === undefined) return new Map();
  if (typeof json !== 'object' || Array.isArray(json)) {
    throw new OmniError('param_error', 'params must be a JSON object');
  }
  return new Map(Object.entries(json));
}

/** A misspelled or stale key would otherwise be ignored silently, and its filter with it. */
function rejectUndeclared(params: readonly ParamIR[], input: ReadonlyMap<string, unknown>): void {
  const declared = params.map((param) => param.name);
  const unknown = [...input.keys()].find((name) => !declared.includes(name));
  if (unknown === undefined) return;
  const suggestion = closestName(unknown, declared);
  const known =
    declared.length === 0 ? 'the query declares none' : `declared: ${declared.join(', ')}`;
  throw new OmniError(
    'param_error',
    withSuggestion(`param '${unknown}': unknown parameter (${known})`, suggestion),
    { details: { param: unknown, declared, ...suggestionDetails(suggestion) } },
  );
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
  checkText(param.name, json);
  return converted(param.name, jsonToValue(json, param.type));
}

/** Every string of a parameter (itself, or the items of a list) must be well-formed. */
function checkText(name: string, json: unknown): void {
  const details = { param: name };
  if (typeof json === 'string') checkWellFormedText(json, `param '${name}'`, details);
  if (!Array.isArray(json)) return;
  json.forEach((item: unknown, index) => {
    if (typeof item === 'string')
      checkWellFormedText(item, `param '${name}' item ${index}`, details);
  });
}

function converted(name: string, result: Fit<Value>): Value {
  if (result.ok) return result.value;
  throw paramError(name, result.message);
}

function paramError(name: string, message: string): OmniError {
  return new OmniError('param_error', `param '${name}': ${message}`, { details: { param: name } });
}

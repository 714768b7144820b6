import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { jsonText } from '../../api/json-text.js';
import { OmniError } from '../../util/omni-error.js';
import { errorResponse } from '../error-envelope.js';
import { structuredValue } from './structured-value.js';

/**
 * The result of a tool call: the query's result (`QueryResult` or `ChangeOutput`) as JSON text,
 * 64-bit integers written exactly, and as structured content (see {@link structuredValue}).
 */
export function toolResult(output: object): CallToolResult {
  return {
    content: [{ type: 'text', text: jsonText(output) }],
    structuredContent: structuredValue(output) as Record<string, unknown>,
  };
}

/**
 * A failed tool call, reported to the agent as a tool error (`isError`): the error's message as
 * text, and the HTTP error envelope (`{error, code?, …}`) as structured content (a failed
 * mutation changed nothing). An unexpected failure is `internal error`, without its message.
 */
export function toolError(error: unknown): CallToolResult {
  const failure =
    error instanceof OmniError
      ? error
      : new OmniError('internal', 'internal error', { cause: error });
  const { body } = errorResponse(failure);
  return {
    isError: true,
    content: [{ type: 'text', text: failure.message }],
    structuredContent: structuredValue(body) as Record<string, unknown>,
  };
}

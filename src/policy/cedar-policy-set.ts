import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import type * as Cedar from '@cedar-policy/cedar-wasm/nodejs';
import type {
  AuthorizationAnswer,
  Context,
  EntityJson,
  EntityUidJson,
  PolicyJson,
} from '@cedar-policy/cedar-wasm/nodejs';
import { OmniError } from '../util/omni-error.js';

type CedarModule = typeof Cedar;

/** Ids of the policy sets already parsed into the Cedar module (ids are content digests). */
const preparsed = new Set<string>();

/** One request as Cedar sees it. */
export interface CedarRequest {
  readonly principal: EntityUidJson;
  readonly action: EntityUidJson;
  readonly resource: EntityUidJson;
  readonly context: Context;
  readonly entities: readonly EntityJson[];
}

/** Cedar's answer: the decision and the policies that were satisfied, or why it could not decide. */
export type CedarOutcome =
  | { readonly ok: true; readonly allowed: boolean; readonly satisfied: readonly string[] }
  | { readonly ok: false; readonly error: string };

/** What parses a set of policies into the Cedar module. */
export type PolicySetPreparer = (policies: Readonly<Record<string, PolicyJson>>) => CedarPolicySet;

/**
 * A set of Cedar policies, parsed once into the Cedar module under an id derived from its
 * content (equal sets share one copy; the module keeps them for the life of the process).
 */
export class CedarPolicySet {
  readonly #cedar: CedarModule;
  readonly #id: string;

  private constructor(cedar: CedarModule, id: string) {
    this.#cedar = cedar;
    this.#id = id;
  }

  /**
   * Loads Cedar and returns what parses policies into it: a policy Cedar rejects is an
   * `internal` error. The module is imported on first use: compiling its WebAssembly takes a
   * few hundred ms that a process which never evaluates a policy should not pay.
   */
  static async preparer(): Promise<PolicySetPreparer> {
    // V8 (as in Node 20) aborts the process when it deoptimizes a function with a call into
    // WebAssembly inlined that returns a reference, as Cedar's calls do: keep such calls out
    // of line. This only applies to code optimized from now on, hence before Cedar loads.
    setFlagsFromString('--no-turbo-inline-js-wasm-calls');
    const cedar = await import('@cedar-policy/cedar-wasm/nodejs');
    return (policies) => {
      const text = JSON.stringify(policies);
      const id = `omnigraph-${createHash('sha256').update(text).digest('hex')}`;
      if (!preparsed.has(id)) {
        const answer = cedar.preparsePolicySet(id, { staticPolicies: { ...policies } });
        if (answer.type === 'failure')
          throw new OmniError('internal', `policy: ${errorText(answer.errors)}`);
        preparsed.add(id);
      }
      return new CedarPolicySet(cedar, id);
    };
  }

  /**
   * Evaluates one request. Any error (a policy that failed to evaluate, a request Cedar cannot
   * read) makes the outcome an error, never a decision.
   */
  evaluate(request: CedarRequest): CedarOutcome {
    let answer: AuthorizationAnswer;
    try {
      answer = this.#cedar.statefulIsAuthorized({
        ...request,
        entities: [...request.entities],
        preparsedPolicySetId: this.#id,
      });
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    if (answer.type === 'failure') return { ok: false, error: errorText(answer.errors) };
    const { decision, diagnostics } = answer.response;
    if (diagnostics.errors.length > 0) {
      const errors = diagnostics.errors.map((e) => `${e.policyId}: ${e.error.message}`);
      return { ok: false, error: errors.join('; ') };
    }
    return { ok: true, allowed: decision === 'allow', satisfied: diagnostics.reason };
  }
}

function errorText(errors: readonly { readonly message: string }[]): string {
  return errors.map((e) => e.message).join('; ') || 'unknown error';
}

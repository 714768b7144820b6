import { OmniError } from '../util/omni-error.js';
import type { PolicyAction } from './policy-action.js';

/** What a policy decided for one request: what a server logs for every call. */
export interface PolicyDecision {
  readonly actor: string | null;
  readonly action: PolicyAction;
  readonly branch: string | null;
  readonly targetBranch: string | null;
  readonly allowed: boolean;
  /** The rule that allowed it: the smallest id among the satisfied rules (null when denied). */
  readonly matchedRule: string | null;
  /** Why it was denied (null when allowed). */
  readonly message: string | null;
  /** Set when Cedar could not evaluate the request: then it is denied, as an `internal` error. */
  readonly evaluationError: string | null;
}

/** Receives every decision a policy makes for a graph (e.g. to log it). It must not throw. */
export type DecisionObserver = (decision: PolicyDecision) => void;

/**
 * The error a denial raises: `forbidden` with the denial message, or `internal` when the
 * policy could not be evaluated. Details carry the request.
 */
export function denialError(decision: PolicyDecision): OmniError {
  const { actor, action, branch, targetBranch } = decision;
  return new OmniError(
    decision.evaluationError === null ? 'forbidden' : 'internal',
    decision.message ?? `policy denied action '${action}'`,
    { details: { actor, action, branch, target_branch: targetBranch } },
  );
}

/**
 * The denial message: `policy denied action '<a>'[ on branch '<b>'][ targeting branch '<t>']`
 * then `for actor '<id>'`, `for unknown actor '<id>'` (in no group; without the branches) or
 * `without an actor`.
 */
export function denialMessage(
  request: Pick<PolicyDecision, 'actor' | 'action' | 'branch' | 'targetBranch'>,
  knownActor: boolean,
): string {
  const { actor, action, branch, targetBranch } = request;
  const head = `policy denied action '${action}'`;
  if (actor !== null && !knownActor) return `${head} for unknown actor '${actor}'`;
  const on = branch === null ? '' : ` on branch '${branch}'`;
  const targeting = targetBranch === null ? '' : ` targeting branch '${targetBranch}'`;
  return `${head}${on}${targeting} ${actor === null ? 'without an actor' : `for actor '${actor}'`}`;
}

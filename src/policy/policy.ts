import type { AuthorizationRequest } from './authorizer.js';
import { CedarPolicySet, type CedarOutcome, type PolicySetPreparer } from './cedar-policy-set.js';
import {
  ACTION_TYPE,
  ACTOR_TYPE,
  GRAPH_TYPE,
  SERVER_ID,
  SERVER_TYPE,
  type BranchContext,
} from './cedar-schema.js';
import { compileBundle, policySlice, type CompiledBundle } from './compile-bundle.js';
import { isServerAction, type PolicyAction } from './policy-action.js';
import { parsePolicyBundle, type PolicyBundle } from './policy-bundle.js';
import { denialMessage, type PolicyDecision } from './policy-decision.js';

/** The graph id a policy is compiled for when none is given (an embedded graph, the CLI). */
export const DEFAULT_GRAPH_ID = 'default';

/** Options of {@link loadPolicy} and {@link Policy.compile}. */
export interface PolicyOptions {
  /** The graph the policy guards: its resource is `Omnigraph::Graph::"<graphId>"`. */
  readonly graphId?: string;
  /** How many decisions are remembered (0: none). Default 4,096. */
  readonly decisionCacheSize?: number;
}

/**
 * Parses, validates and compiles the YAML text of a policy bundle. `name` names the bundle in
 * messages (its file's name, or the name a cluster gives it).
 *
 * @example
 * const policy = await loadPolicy(await readFile('team.yaml', 'utf8'), 'team');
 * const graph = await Omnigraph.open('./people', { policy });
 * await graph.query(request, { actor: 'act-alice' });
 */
export async function loadPolicy(
  text: string,
  name: string,
  options: PolicyOptions = {},
): Promise<Policy> {
  return Policy.compile(parsePolicyBundle(text, name), options);
}

/**
 * A policy bundle compiled to Cedar, deciding requests: default deny, allowed when a `permit`
 * of the request's action is satisfied. The permits and each actor's entities are built once.
 * Cedar evaluates a request against the slice of its action's permits that name the actor's
 * groups (parsed into Cedar on first use, then kept); decisions, deterministic for a compiled
 * policy, are remembered up to a bound.
 */
export class Policy {
  /** The bundle this policy was compiled from. */
  readonly bundle: PolicyBundle;
  readonly graphId: string;
  readonly #compiled: CompiledBundle;
  readonly #prepare: PolicySetPreparer;
  /** Policy slices by action and actor groups. */
  readonly #slices = new Map<string, CedarPolicySet>();
  readonly #decisions = new Map<string, PolicyDecision>();
  readonly #cacheSize: number;

  private constructor(
    bundle: PolicyBundle,
    compiled: CompiledBundle,
    prepare: PolicySetPreparer,
    options: PolicyOptions,
  ) {
    this.bundle = bundle;
    this.graphId = options.graphId ?? DEFAULT_GRAPH_ID;
    this.#compiled = compiled;
    this.#prepare = prepare;
    this.#cacheSize = options.decisionCacheSize ?? 4096;
  }

  /** Compiles a validated bundle into Cedar permits, and loads Cedar. */
  static async compile(bundle: PolicyBundle, options: PolicyOptions = {}): Promise<Policy> {
    const compiled = compileBundle(bundle, options.graphId ?? DEFAULT_GRAPH_ID);
    return new Policy(bundle, compiled, await CedarPolicySet.preparer(), options);
  }

  /** How many distinct actors the bundle's groups name. */
  get actorCount(): number {
    return this.#compiled.actors.size;
  }

  /**
   * Decides one request. Without an actor it is denied (fail closed); an actor in no group is
   * denied as unknown; a request Cedar cannot evaluate is denied with `evaluationError` set.
   */
  decide(request: AuthorizationRequest): PolicyDecision {
    const { actor, action } = request;
    const branch = request.branch ?? null;
    const targetBranch = request.targetBranch ?? null;
    if (actor === null) return denied({ actor, action, branch, targetBranch }, false, null);
    const key = JSON.stringify([actor, action, branch, targetBranch]);
    const remembered = this.#decisions.get(key);
    if (remembered !== undefined) return remembered;
    const decision = this.#evaluate({ actor, action, branch, targetBranch });
    if (decision.evaluationError === null) this.#remember(key, decision);
    return decision;
  }

  #evaluate(request: {
    readonly actor: string;
    readonly action: PolicyAction;
    readonly branch: string | null;
    readonly targetBranch: string | null;
  }): PolicyDecision {
    const { actor, action } = request;
    const known = this.#compiled.actors.get(actor);
    const outcome: CedarOutcome = this.#slice(action, known?.groups ?? []).evaluate({
      principal: { type: ACTOR_TYPE, id: actor },
      action: { type: ACTION_TYPE, id: action },
      resource: isServerAction(action)
        ? { type: SERVER_TYPE, id: SERVER_ID }
        : { type: GRAPH_TYPE, id: this.graphId },
      context: this.#context(request),
      entities: known?.entities ?? [],
    });
    if (!outcome.ok) return denied(request, known !== undefined, outcome.error);
    if (!outcome.allowed) return denied(request, known !== undefined, null);
    return {
      ...request,
      allowed: true,
      matchedRule: this.#matchedRule(outcome.satisfied),
      message: null,
      evaluationError: null,
    };
  }

  #slice(action: PolicyAction, groups: readonly string[]): CedarPolicySet {
    const key = JSON.stringify([action, groups]);
    let slice = this.#slices.get(key);
    if (slice === undefined) {
      slice = this.#prepare(policySlice(this.#compiled, action, groups));
      this.#slices.set(key, slice);
    }
    return slice;
  }

  #context(request: {
    readonly branch: string | null;
    readonly targetBranch: string | null;
  }): BranchContext {
    const { branch, targetBranch } = request;
    const protectedBranches = this.bundle.protectedBranches;
    return {
      has_branch: branch !== null,
      branch: branch ?? '',
      has_target_branch: targetBranch !== null,
      target_branch: targetBranch ?? '',
      branch_is_protected: branch !== null && protectedBranches.has(branch),
      target_branch_is_protected: targetBranch !== null && protectedBranches.has(targetBranch),
    };
  }

  /** The smallest id among the rules whose permits were satisfied. */
  #matchedRule(satisfied: readonly string[]): string | null {
    let smallest: string | null = null;
    for (const policyId of satisfied) {
      const rule = this.#compiled.ruleOfPolicy.get(policyId);
      if (rule !== undefined && (smallest === null || rule < smallest)) smallest = rule;
    }
    return smallest;
  }

  #remember(key: string, decision: PolicyDecision): void {
    if (this.#cacheSize <= 0) return;
    if (this.#decisions.size >= this.#cacheSize) {
      const oldest = this.#decisions.keys().next();
      if (oldest.done !== true) this.#decisions.delete(oldest.value);
    }
    this.#decisions.set(key, decision);
  }
}

function denied(
  request: Pick<PolicyDecision, 'actor' | 'action' | 'branch' | 'targetBranch'>,
  knownActor: boolean,
  evaluationError: string | null,
): PolicyDecision {
  return {
    ...request,
    allowed: false,
    matchedRule: null,
    message:
      evaluationError === null ? denialMessage(request, knownActor) : `policy: ${evaluationError}`,
    evaluationError,
  };
}

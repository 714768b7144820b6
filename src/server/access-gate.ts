import type { FastifyBaseLogger } from 'fastify';
import { denialError, type PolicyAction, type PolicyDecision } from '../policy/index.js';
import type { AccessMode } from './access-mode.js';
import type { AuthConfig } from './auth-config.js';
import { authenticate } from './bearer-auth.js';
import { logDecision } from './decision-log.js';
import type { GraphRegistry, ServedGraph } from './graph-registry.js';

/** The branches an action is decided on (see the policy reference for each action's). */
export interface ActionScope {
  readonly branch?: string;
  readonly targetBranch?: string;
}

/**
 * Authenticates requests and makes the authorization decisions that belong to the server:
 * `graph_list` (server policy), the actions the engine never sees (`invoke_query`,
 * `schema_apply`), and default deny on graphs without a policy bundle. Data operations on a
 * graph with a bundle are decided by the engine opened with it, once, for the actor passed.
 */
export class AccessGate {
  readonly #mode: AccessMode;
  readonly #auth: AuthConfig;
  readonly #registry: GraphRegistry;
  readonly #logger: FastifyBaseLogger;

  constructor(
    mode: AccessMode,
    auth: AuthConfig,
    registry: GraphRegistry,
    logger: FastifyBaseLogger,
  ) {
    this.#mode = mode;
    this.#auth = auth;
    this.#registry = registry;
    this.#logger = logger;
  }

  /** Whether requests carry no identity at all (open mode). */
  get open(): boolean {
    return this.#mode === 'open';
  }

  /** The actor of a request's `Authorization` header; null in open mode (the header is ignored). */
  actorOf(authorization: string | undefined): string | null {
    return this.open ? null : authenticate(authorization, this.#auth.tokens);
  }

  /**
   * Checks an action the engine will decide itself when the graph has a bundle: without one, an
   * authenticated actor may only `read`.
   */
  beforeEngine(
    served: ServedGraph,
    actor: string | null,
    action: PolicyAction,
    on: ActionScope = {},
  ): void {
    if (actor === null || served.policy !== undefined) return;
    this.#enforce(served.id, defaultDeny(served.id, actor, action, on));
  }

  /** Decides an action the engine never sees, with the graph's bundle or default deny. */
  decide(
    served: ServedGraph,
    actor: string | null,
    action: PolicyAction,
    on: ActionScope = {},
  ): void {
    if (actor === null) return;
    const decision =
      served.policy === undefined
        ? defaultDeny(served.id, actor, action, on)
        : served.policy.decide({ actor, action, ...on });
    this.#enforce(served.id, decision);
  }

  /** Decides `graph_list`: only a server (cluster-bound) policy can grant it, in every mode. */
  graphList(actor: string | null): void {
    const policy = this.#registry.serverPolicy;
    const decision: PolicyDecision =
      policy === undefined
        ? {
            ...noBranches(actor, 'graph_list'),
            allowed: false,
            matchedRule: null,
            message: `policy denied action 'graph_list': no policy bundle is bound to the cluster`,
            evaluationError: null,
          }
        : policy.decide({ actor, action: 'graph_list' });
    this.#enforce(null, decision);
  }

  #enforce(graphId: string | null, decision: PolicyDecision): void {
    logDecision(this.#logger, graphId, decision);
    if (!decision.allowed) throw denialError(decision);
  }
}

function noBranches(actor: string | null, action: PolicyAction) {
  return { actor, action, branch: null, targetBranch: null };
}

/** Default deny: an authenticated actor may read a graph that has no bundle, nothing else. */
function defaultDeny(
  graphId: string,
  actor: string,
  action: PolicyAction,
  on: ActionScope,
): PolicyDecision {
  const allowed = action === 'read';
  const branch = on.branch ?? null;
  const targetBranch = on.targetBranch ?? null;
  const onBranch = branch === null ? '' : ` on branch '${branch}'`;
  const targeting = targetBranch === null ? '' : ` targeting branch '${targetBranch}'`;
  return {
    actor,
    action,
    branch,
    targetBranch,
    allowed,
    matchedRule: null,
    message: allowed
      ? null
      : `policy denied action '${action}'${onBranch}${targeting} for actor '${actor}': graph '${graphId}' has no policy bundle, so actors may only read`,
    evaluationError: null,
  };
}

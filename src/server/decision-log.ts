import type { DecisionObserver, PolicyDecision } from '../policy/index.js';

/** Where decisions are logged: a pino logger (the server's, or the boot's). */
export interface DecisionLog {
  info(fields: Record<string, unknown>, message: string): void;
}

/**
 * A decision observer that logs every decision at info: graph, actor, action, branch,
 * target_branch, allowed, matched_rule_id. Pass it as `onDecision` when opening a served graph
 * with its policy, so the engine's decisions are logged like the server's own.
 */
export function policyDecisionLogger(
  logger: DecisionLog,
  graphId: string | null,
): DecisionObserver {
  return (decision) => {
    logDecision(logger, graphId, decision);
  };
}

/** Logs one decision (see {@link policyDecisionLogger}). */
export function logDecision(
  logger: DecisionLog,
  graphId: string | null,
  decision: PolicyDecision,
): void {
  logger.info(
    {
      graph: graphId,
      actor: decision.actor,
      action: decision.action,
      branch: decision.branch,
      target_branch: decision.targetBranch,
      allowed: decision.allowed,
      matched_rule_id: decision.matchedRule,
    },
    'policy decision',
  );
}

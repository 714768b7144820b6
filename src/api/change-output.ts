import type { CommitOutput } from './commit-output.js';

/**
 * A mutation (`ChangeRequest`): `.gq` source holding insert/update/delete statements, the query
 * to run when it declares several, JSON params, and the branch to write (default `main`).
 */
export interface ChangeRequest {
  readonly query: string;
  readonly name?: string;
  readonly params?: Readonly<Record<string, unknown>> | null;
  readonly branch?: string;
}

/** The result of a mutation (`ChangeOutput`). */
export interface ChangeOutput {
  readonly branch: string;
  readonly query_name: string;
  readonly affected_nodes: number;
  readonly affected_edges: number;
  /** Who acted, when an actor did. */
  readonly actor_id?: string;
  /** The published commit, or null when the mutation changed nothing. */
  readonly commit: CommitOutput | null;
}

/** The entity type of an actor: a member of the groups that name it. */
export const ACTOR_TYPE = 'Omnigraph::Actor';
/** The entity type of a bundle's group. */
export const GROUP_TYPE = 'Omnigraph::Group';
/** The entity type of the actions (`Omnigraph::Action::"read"`). */
export const ACTION_TYPE = 'Omnigraph::Action';
/** The resource of graph actions: `Omnigraph::Graph::"<graph id>"`. */
export const GRAPH_TYPE = 'Omnigraph::Graph';
/** The resource of server actions: `Omnigraph::Server::"root"`. */
export const SERVER_TYPE = 'Omnigraph::Server';
/** The one server entity. */
export const SERVER_ID = 'root';

/** The context of every request: the branches it names, and whether they are protected. */
export type BranchContext = {
  readonly has_branch: boolean;
  readonly branch: string;
  readonly has_target_branch: boolean;
  readonly target_branch: string;
  readonly branch_is_protected: boolean;
  readonly target_branch_is_protected: boolean;
};

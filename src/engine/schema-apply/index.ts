// Schema evolution: plan a migration and apply it on main as one commit.
export { applySchema } from './apply-schema.js';

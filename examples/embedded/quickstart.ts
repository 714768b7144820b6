// OmniGraph embedded in a TypeScript program: create a graph, load it, query it, change it on a
// branch, merge the branch, and read the history. Run it from a project that installed the
// `omnigraph` package (see docs/guide/embedding.md):
//
//   npx tsc && node quickstart.js ./my-graph
import {
  Omnigraph,
  OmniError,
  settingsFromEnv,
  type CommitOutput,
  type ReadOutput,
} from 'omnigraph';

const SCHEMA = `
node Person {
  name: String @key
  role: String?
}
node Project {
  slug: String @key
}
edge WorksOn: Person -> Project
`;

const QUERIES = `
query team($project: String) {
  match {
    $p: Person
    $p worksOn $x
    $x: Project { slug: $project }
  }
  return { $p.name, $p.role }
  order { $p.name asc }
}

query hire($name: String, $role: String, $project: String) {
  insert Person { name: $name, role: $role }
  insert WorksOn { from: $name, to: $project }
}
`;

const SEED = [
  { type: 'Person', data: { name: 'Ada', role: 'engineer' } },
  { type: 'Person', data: { name: 'Grace', role: 'designer' } },
  { type: 'Project', data: { slug: 'compiler' } },
  { edge: 'WorksOn', from: 'Ada', to: 'compiler' },
  { edge: 'WorksOn', from: 'Grace', to: 'compiler' },
]
  .map((record) => JSON.stringify(record))
  .join('\n');

function printTeam(label: string, result: ReadOutput): void {
  const names = result.rows.map((row) => `${String(row['p.name'])} (${String(row['p.role'])})`);
  console.log(`${label}: ${names.join(', ')}`);
}

const uri = process.argv[2] ?? './embedded-graph';
// Like the CLI, follow the OMNIGRAPH_* and AWS_* environment (S3 endpoints, caches, …).
const settings = settingsFromEnv(process.env);
const graph = await Omnigraph.init(uri, SCHEMA, { settings, actor: 'act-setup' });
try {
  const load = await graph.load({ data: SEED, mode: 'merge' }, { actor: 'act-setup' });
  console.log(`loaded ${load.total_entities} entities in commit ${load.commit?.graph_commit_id}`);

  const team = { query: QUERIES, name: 'team', params: { project: 'compiler' } };
  printTeam('team on main', await graph.query(team));

  // A proposal on a branch: main is untouched until the merge.
  await graph.createBranch({ name: 'hiring' }, { actor: 'act-ada' });
  const hired = await graph.mutate(
    {
      query: QUERIES,
      name: 'hire',
      params: { name: 'Linus', role: 'engineer', project: 'compiler' },
      branch: 'hiring',
    },
    { actor: 'act-ada' },
  );
  console.log(
    `hired on branch ${hired.branch}: ${hired.affected_nodes} node, ${hired.affected_edges} edge`,
  );
  printTeam('team on hiring', await graph.query({ ...team, branch: 'hiring' }));
  printTeam('team on main', await graph.query(team));

  const merge = await graph.mergeBranch(
    { source: 'hiring', delete_branch: true },
    { actor: 'act-grace' },
  );
  console.log(`merged hiring into ${merge.target}: ${merge.outcome}`);
  printTeam('team on main', await graph.query(team));

  // A conditional write: it only runs if main is still where the last read saw it.
  const { graph_commit_id: seen } = await graph.query(team);
  try {
    await graph.mutate(
      {
        query: QUERIES,
        name: 'hire',
        params: { name: 'Barbara', role: 'manager', project: 'compiler' },
      },
      { ifCommit: 'an-old-commit' },
    );
  } catch (error) {
    if (!(error instanceof OmniError) || error.code !== 'precondition_failure') throw error;
    console.log(`refused a stale write (main is at ${seen})`);
  }

  const { commits } = await graph.listCommits();
  const describe = (commit: CommitOutput) =>
    `${commit.graph_commit_id} v${commit.graph_manifest_version} by ${commit.actor_id ?? '-'}`;
  console.log(`history of main (${commits.length} commits):`);
  for (const commit of commits) console.log(`  ${describe(commit)}`);
} finally {
  await graph.close();
}

import type { Command } from 'commander';

/**
 * Examples shown at the end of `omnigraph <verb> --help` and `omnigraph <verb> <sub> --help`,
 * keyed by the command's label (`query`, `branch create`). Every command has an entry, and every
 * example parses against the command it names (test/cli/verb-help.test.ts). A line is a command
 * as typed in a shell, optionally followed by `# a comment`.
 */
export const VERB_EXAMPLES: ReadonlyMap<string, readonly string[]> = new Map<
  string,
  readonly string[]
>([
  ['demo', ['omnigraph demo', 'omnigraph demo ./my-demo --bind 127.0.0.1:9090']],
  [
    'init',
    [
      'omnigraph init --schema schema.pg ./my-graph',
      'omnigraph init --schema schema.pg s3://my-bucket/graphs/team',
    ],
  ],
  [
    'load',
    [
      'omnigraph load ./my-graph --data team.jsonl --mode append',
      'omnigraph load ./my-graph --branch new-hires --from main --data new-hires.jsonl --mode merge',
    ],
  ],
  [
    'export',
    [
      'omnigraph export ./my-graph > team.jsonl',
      'omnigraph export ./my-graph --branch new-hires --type Person',
    ],
  ],
  [
    'snapshot',
    ['omnigraph snapshot ./my-graph', 'omnigraph snapshot ./my-graph --branch new-hires --json'],
  ],
  [
    'branch',
    [
      'omnigraph branch create --uri ./my-graph new-hires',
      'omnigraph branch merge --uri ./my-graph new-hires --delete-branch',
    ],
  ],
  [
    'branch create',
    [
      'omnigraph branch create --uri ./my-graph new-hires',
      'omnigraph --store ./my-graph branch create --from release hotfix',
    ],
  ],
  [
    'branch list',
    [
      'omnigraph branch list --uri ./my-graph',
      'omnigraph --server prod --graph team branch list --json',
    ],
  ],
  ['branch delete', ['omnigraph branch delete --uri ./my-graph new-hires']],
  [
    'branch merge',
    [
      'omnigraph branch merge --uri ./my-graph new-hires --dry-run  # outcome and conflicts only',
      'omnigraph branch merge --uri ./my-graph hotfix --into release --delete-branch',
    ],
  ],
  [
    'branch diff',
    [
      'omnigraph branch diff --uri ./my-graph new-hires  # its changes since it forked from main',
      'omnigraph branch diff --uri ./my-graph main new-hires --op update --json  # head to head',
    ],
  ],
  [
    'commit',
    [
      'omnigraph commit list ./my-graph',
      'omnigraph commit changes --uri ./my-graph 01JQ3F8Z6W2M4K7X9B5N0T1VCR',
    ],
  ],
  [
    'commit list',
    [
      'omnigraph commit list ./my-graph',
      'omnigraph commit list ./my-graph --branch new-hires --json',
    ],
  ],
  [
    'changes',
    [
      'omnigraph changes poll ./my-graph --start beginning',
      'omnigraph changes baseline ./my-graph --out team.jsonl',
    ],
  ],
  [
    'changes poll',
    [
      'omnigraph changes poll ./my-graph --start after:01JQ3F8Z6W2M4K7X9B5N0T1VCR --limit 100',
      'omnigraph changes poll ./my-graph --cursor eyJ2IjoyfQ --type Person --json',
    ],
  ],
  [
    'changes baseline',
    [
      'omnigraph changes baseline ./my-graph --out team.jsonl',
      'omnigraph changes baseline ./my-graph --branch new-hires --type Person --out people.jsonl --json',
    ],
  ],
  ['commit show', ['omnigraph commit show --uri ./my-graph 01JQ3F8Z6W2M4K7X9B5N0T1VCR']],
  [
    'commit changes',
    [
      'omnigraph commit changes --uri ./my-graph 01JQ3F8Z6W2M4K7X9B5N0T1VCR',
      'omnigraph commit changes --uri ./my-graph 01JQ3F8Z6W2M4K7X9B5N0T1VCR --type Person --op update --json',
    ],
  ],
  [
    'lint',
    [
      'omnigraph lint --schema schema.pg --query team.gq',
      "omnigraph lint --cluster . --graph team  # the graph's stored queries",
    ],
  ],
  [
    'query',
    [
      `omnigraph query person ./my-graph --query team.gq --params '{"name":"Ada"}'`,
      "omnigraph query --store ./my-graph -e 'query q() { match { $p: Person } return { $p.name } }' --format csv",
    ],
  ],
  [
    'mutate',
    [
      `omnigraph mutate join_project ./my-graph --query team.gq --params '{"name":"Linus","project":"compiler"}'`,
      'omnigraph --server prod --graph team mutate join_project --params-file join.json --if-commit 01JQ3F8Z6W2M4K7X9B5N0T1VCR',
    ],
  ],
  [
    'schema',
    [
      'omnigraph schema plan ./my-graph --schema schema.pg',
      'omnigraph schema show ./my-graph > schema.pg',
    ],
  ],
  [
    'schema plan',
    [
      'omnigraph schema plan ./my-graph --schema schema.pg',
      'omnigraph schema plan ./my-graph --schema schema.pg --allow-data-loss --json',
    ],
  ],
  [
    'schema apply',
    [
      'omnigraph schema apply ./my-graph --schema schema.pg',
      'omnigraph --server prod --graph team schema apply --schema schema.pg --json',
    ],
  ],
  [
    'schema show',
    [
      'omnigraph schema show ./my-graph > schema.pg',
      'omnigraph --server prod --graph team schema show --json',
    ],
  ],
  [
    'optimize',
    ['omnigraph optimize ./my-graph', 'omnigraph optimize --cluster . --graph team --json'],
  ],
  [
    'cleanup',
    [
      'omnigraph cleanup ./my-graph --keep 10  # preview what would go, on stderr',
      'omnigraph cleanup s3://my-bucket/graphs/team --older-than 7d --confirm --yes',
    ],
  ],
  [
    'policy',
    [
      'omnigraph policy validate --file team.policy.yaml',
      'omnigraph policy explain --cluster . --graph team --actor reader --action read',
    ],
  ],
  [
    'policy validate',
    [
      'omnigraph policy validate --file team.policy.yaml',
      'omnigraph policy validate --cluster . --graph team --json',
    ],
  ],
  [
    'policy test',
    [
      'omnigraph policy test --file team.policy.yaml --tests team.tests.yaml',
      'omnigraph policy test --cluster . --graph team --tests team.tests.yaml --json',
    ],
  ],
  [
    'policy explain',
    [
      'omnigraph policy explain --file team.policy.yaml --actor dev --action branch_merge --branch feature --target-branch main',
      'omnigraph policy explain --cluster . --graph team --actor reader --action read',
    ],
  ],
  [
    'queries',
    [
      'omnigraph queries list --cluster . --graph team',
      'omnigraph queries validate --cluster . --graph team',
    ],
  ],
  [
    'queries list',
    [
      'omnigraph queries list --cluster . --graph team',
      'omnigraph queries list --cluster s3://my-bucket/clusters/demo --json',
    ],
  ],
  [
    'queries validate',
    [
      'omnigraph queries validate --cluster . --graph team  # exit 1 if a stored query broke',
      'omnigraph queries validate --cluster . --graph team --json',
    ],
  ],
  [
    'mcp',
    [
      'omnigraph mcp --cluster . --graph team --as act-ada  # stdio, on the cluster storage',
      'omnigraph mcp --server prod --graph team  # stdio, proxying the served graph',
    ],
  ],
  ['graphs', ['omnigraph --server https://graphs.example.com graphs list']],
  [
    'graphs list',
    [
      'omnigraph --server https://graphs.example.com graphs list',
      'omnigraph --profile prod graphs list --json',
    ],
  ],
  ['cluster', ['omnigraph cluster plan', 'omnigraph cluster apply --as andrew']],
  [
    'cluster validate',
    [
      'omnigraph cluster validate  # parse and typecheck the config; reads no state',
      'omnigraph cluster validate --config ./company-brain --json',
    ],
  ],
  [
    'cluster plan',
    [
      'omnigraph cluster plan',
      'omnigraph cluster plan --config ./company-brain --json > plan.json',
    ],
  ],
  [
    'cluster apply',
    [
      'omnigraph cluster apply --as andrew',
      'omnigraph cluster apply --config ./company-brain --as ci --json',
    ],
  ],
  ['cluster approve', ['omnigraph cluster approve graph.scratch --as andrew']],
  [
    'cluster status',
    ['omnigraph cluster status', 'omnigraph cluster status --config ./company-brain --json'],
  ],
  [
    'cluster refresh',
    ['omnigraph cluster refresh  # observe the live graphs and record what is found'],
  ],
  [
    'cluster import',
    ['omnigraph cluster import  # create the ledger from the config and the live graphs'],
  ],
  [
    'cluster force-unlock',
    [
      'omnigraph cluster force-unlock 01JQ3G2B7C4D5E6F7G8H9J0KMN  # the lock id `cluster status` shows',
    ],
  ],
  [
    'cluster migrate-storage',
    [
      'omnigraph cluster migrate-storage s3://my-bucket/clusters/company-brain --config ./company-brain',
    ],
  ],
  [
    'login',
    ['omnigraph login prod --token "$PROD_TOKEN"', 'omnigraph login prod < prod-token.txt'],
  ],
  ['logout', ['omnigraph logout prod']],
  ['profile', ['omnigraph profile list', 'omnigraph profile show prod']],
  ['profile list', ['omnigraph profile list', 'omnigraph profile list --json']],
  [
    'profile show',
    [
      'omnigraph profile show  # the profile $OMNIGRAPH_PROFILE names',
      'omnigraph profile show prod --json',
    ],
  ],
  ['alias', ['omnigraph alias person Ada', 'omnigraph alias team-sizes --format csv']],
  ['config', ['omnigraph config migrate']],
  [
    'config migrate',
    [
      'omnigraph config migrate',
      'omnigraph config migrate --file ./legacy/omnigraph.yaml --out ./proposals --json',
    ],
  ],
  [
    'embed',
    [
      'omnigraph embed --seed seed.yaml',
      'omnigraph embed --input people.jsonl --output people.embedded.jsonl --spec embeddings.json --type Person',
    ],
  ],
  ['version', ['omnigraph version', 'omnigraph version --json']],
]);

/** The `Examples:` section of a command's help. */
function examplesText(examples: readonly string[]): string {
  return `\nExamples:\n${examples.map((line) => `  $ ${line}`).join('\n')}`;
}

/**
 * Attaches its examples to the help of every command of `program` that has an entry in
 * {@link VERB_EXAMPLES}, sub-commands included. Call it once the verbs are registered.
 */
export function addVerbExamples(program: Command): void {
  const visit = (command: Command, label: string): void => {
    const examples = VERB_EXAMPLES.get(label);
    if (examples !== undefined) command.addHelpText('after', examplesText(examples));
    for (const sub of command.commands) visit(sub, `${label} ${sub.name()}`);
  };
  for (const verb of program.commands) visit(verb, verb.name());
}

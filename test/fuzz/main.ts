// `npm run fuzz -- --runs N [--seed S] [--per-schema M] [--jobs J] [--deadline-ms D]`
// `npm run fuzz -- --seed S --replay SCHEMA.INDEX` reruns one input and prints it in full.
// See docs/development.md (Fuzzing).
import { parseArgs } from 'node:util';
import { runCampaign, totalTallies, validSuccessRatio, type CampaignOptions } from './campaign.js';
import { runSession, type Failure, type SessionReport } from './session.js';

const USAGE =
  'usage: npm run fuzz -- [--runs N] [--seed S] [--per-schema M] [--jobs J] [--deadline-ms D]\n' +
  '       npm run fuzz -- --seed S --replay SCHEMA.INDEX';

function numberOption(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new Error(`--${name} expects a whole number, got '${value}'\n${USAGE}`);
  return n;
}

function printFailure(failure: Failure, full: boolean): void {
  const where = `${failure.seed}:${failure.schema}.${failure.index}`;
  console.log(
    `\nFAILURE [${failure.area}] ${failure.failure} at ${where}: ${failure.message.slice(0, 500)}`,
  );
  if (!full) return;
  if (failure.index >= 0)
    console.log(
      `  replay: npm run fuzz -- --seed ${failure.seed} --replay ${failure.schema}.${failure.index}`,
    );
  console.log(`  input: ${failure.input}`);
  if (failure.schemaSource)
    console.log(`  schema:\n${failure.schemaSource.replace(/^/gm, '    ')}`);
  if (failure.stack) console.log(`  stack:\n${failure.stack.split('\n').slice(0, 12).join('\n')}`);
}

function printSummary(
  options: CampaignOptions,
  reports: readonly SessionReport[],
  failures: readonly Failure[],
  cases: number,
  ms: number,
): void {
  const tallies = totalTallies(reports);
  console.log(`\n== fuzz summary (seed ${options.seed}) ==`);
  console.log(
    `${cases} inputs in ${(ms / 1000).toFixed(1)} s: ${(cases / (ms / 1000)).toFixed(1)} inputs/s`,
  );
  console.log(`valid inputs that succeeded: ${(validSuccessRatio(tallies) * 100).toFixed(1)}%`);
  for (const [key, t] of Object.entries(tallies).sort()) {
    const rejected = Object.entries(t.rejected)
      .map(([code, n]) => `${code} ${n}`)
      .join(', ');
    console.log(
      `  ${key.padEnd(16)} ${String(t.total).padStart(6)}  ${(t.ms / t.total).toFixed(1).padStart(7)} ms/input  ok ${t.ok}  failed ${t.failed}${rejected ? `  rejected: ${rejected}` : ''}`,
    );
  }
  const noise = new Map<string, { count: number; at: string }>();
  for (const report of reports)
    for (const [signature, { count, at }] of Object.entries(report.validRejections))
      noise.set(signature, {
        count: (noise.get(signature)?.count ?? 0) + count,
        at: noise.get(signature)?.at ?? at,
      });
  const top = [...noise].sort((a, b) => b[1].count - a[1].count).slice(0, 12);
  if (top.length > 0) console.log('valid inputs rejected, most common:');
  for (const [signature, { count, at }] of top)
    console.log(`  ${String(count).padStart(5)}  ${signature}  (first: ${at})`);
  const classes = new Map<string, Failure[]>();
  for (const failure of failures)
    classes.set(failure.signature, [...(classes.get(failure.signature) ?? []), failure]);
  console.log(`failures: ${failures.length} in ${classes.size} classes`);
  for (const [signature, list] of classes) {
    const first = list[0] as Failure;
    console.log(
      `  ${String(list.length).padStart(5)}  ${signature}  (first: --seed ${first.seed} --replay ${first.schema}.${first.index})`,
    );
  }
}

async function replay(seed: number, target: string): Promise<number> {
  const [schema, index] = target.split('.').map(Number);
  if (!Number.isSafeInteger(schema) || !Number.isSafeInteger(index))
    throw new Error(`--replay expects SCHEMA.INDEX, got '${target}'\n${USAGE}`);
  const report = await runSession({
    seed,
    schema: schema as number,
    cases: 0,
    deadlineMs: 60_000,
    replay: index,
    log: (text) => process.stdout.write(text),
  });
  return report.failures.some((f) => f.index === index) ? 1 : 0;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string' },
      seed: { type: 'string' },
      'per-schema': { type: 'string' },
      jobs: { type: 'string' },
      'deadline-ms': { type: 'string' },
      replay: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const seed = numberOption(values.seed, Math.floor(Math.random() * 2 ** 31), 'seed');
  if (values.replay !== undefined) return replay(seed, values.replay);
  const options: CampaignOptions = {
    seed,
    runs: numberOption(values.runs, 1_000, 'runs'),
    perSchema: Math.max(1, numberOption(values['per-schema'], 100, 'per-schema')),
    jobs: Math.max(1, numberOption(values.jobs, 1, 'jobs')),
    deadlineMs: numberOption(values['deadline-ms'], 10_000, 'deadline-ms'),
  };
  console.log(
    `fuzz: seed ${seed}, ${options.runs} inputs, ${options.perSchema} per schema, ${options.jobs} worker(s)`,
  );
  const printed = new Set<string>();
  const show = (failure: Failure) => {
    printFailure(failure, !printed.has(failure.signature));
    printed.add(failure.signature);
  };
  const result = await runCampaign(options, {
    onSession: (report, progress) => {
      report.failures.forEach(show);
      const rate = progress.cases / (progress.ms / 1000);
      process.stderr.write(
        `[fuzz] ${progress.cases}/${options.runs} inputs, ${rate.toFixed(1)}/s\n`,
      );
    },
    onFailure: show,
  });
  printSummary(options, result.reports, result.failures, result.cases, result.ms);
  return result.failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);

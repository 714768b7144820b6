// A fuzz campaign: sessions spread over worker processes, watched by this supervisor. A worker
// that dies is a crash; one that reports nothing for longer than the deadline (plus grace) is
// blocked in synchronous code, a hang: either way the input it was on is recorded, the worker
// is replaced, and the campaign goes on with the next session.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Area } from './fuzz-case.js';
import { signatureOf, type Failure, type SessionReport, type Tally } from './session.js';
import type { SessionJob, WorkerMessage } from './worker.js';

const WORKER = path.join(import.meta.dirname, 'worker.ts');
/** Time past the deadline before a silent worker counts as blocked. */
const GRACE_MS = 10_000;

export interface CampaignOptions {
  readonly seed: number;
  readonly runs: number;
  readonly perSchema: number;
  readonly jobs: number;
  readonly deadlineMs: number;
}

export interface CampaignEvents {
  /** A session ended (its failures included). */
  readonly onSession?: (report: SessionReport, progress: { cases: number; ms: number }) => void;
  /** A worker crashed or blocked: a failure found by the supervisor. */
  readonly onFailure?: (failure: Failure) => void;
}

export interface CampaignResult {
  readonly cases: number;
  readonly ms: number;
  readonly reports: readonly SessionReport[];
  /** Every failure: the sessions' and the supervisor's. */
  readonly failures: readonly Failure[];
}

/** The sessions of a campaign: `perSchema` inputs each, the last one shorter. */
function campaignJobs(options: CampaignOptions): SessionJob[] {
  const count = Math.ceil(options.runs / options.perSchema);
  return Array.from({ length: count }, (_, schema) => ({
    seed: options.seed,
    schema,
    cases: Math.min(options.perSchema, options.runs - schema * options.perSchema),
    deadlineMs: options.deadlineMs,
  }));
}

interface Current {
  readonly job: SessionJob;
  index: number;
  area: string;
  at: number;
}

/** Runs the campaign to the end; failures are collected, never thrown. */
export function runCampaign(
  options: CampaignOptions,
  events: CampaignEvents = {},
): Promise<CampaignResult> {
  const queue = campaignJobs(options);
  const reports: SessionReport[] = [];
  const failures: Failure[] = [];
  const started = performance.now();
  let cases = 0;
  let running = 0;

  return new Promise((resolve) => {
    const supervisorFailure = (current: Current, failure: 'crash' | 'hang', message: string) => {
      const area = current.area as Area;
      const found: Failure = {
        seed: current.job.seed,
        schema: current.job.schema,
        index: current.index,
        kind: 'session',
        area,
        failure,
        message,
        input: `replay it: npm run fuzz -- --seed ${current.job.seed} --replay ${current.job.schema}.${current.index}`,
        schemaSource: '',
        signature: signatureOf(area, failure, message.split('\n')[0] ?? ''),
      };
      failures.push(found);
      events.onFailure?.(found);
      cases += Math.max(0, current.index + 1);
    };

    const startWorker = (): void => {
      const job = queue.shift();
      if (job === undefined) {
        if (running === 0) {
          resolve({ cases, ms: performance.now() - started, reports, failures });
        }
        return;
      }
      running += 1;
      const child: ChildProcess = fork(WORKER, [], {
        execArgv: ['--import', 'tsx'],
        env: { ...process.env, LANCEDB_LOG: 'error' },
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        stderr = (stderr + chunk).slice(-4000);
      });
      let current: Current = { job, index: -1, area: 'storage', at: performance.now() };
      let finished = false;
      const finish = (): void => {
        if (finished) return;
        finished = true;
        clearInterval(watchdog);
        running -= 1;
        startWorker();
      };
      const runJob = (next: SessionJob): void => {
        current = { job: next, index: -1, area: 'storage', at: performance.now() };
        child.send(next);
      };
      const watchdog = setInterval(() => {
        if (performance.now() - current.at < options.deadlineMs + GRACE_MS) return;
        supervisorFailure(
          current,
          'hang',
          `blocked: no progress for ${options.deadlineMs + GRACE_MS} ms (synchronous work?)`,
        );
        child.kill('SIGKILL');
      }, 1_000);
      child.on('message', (message: WorkerMessage) => {
        if (message.t === 'case') {
          current.index = message.index;
          current.area = message.area;
          current.at = performance.now();
          return;
        }
        if (message.t === 'done') {
          reports.push(message.report);
          failures.push(...message.report.failures);
          cases += message.report.cases;
          events.onSession?.(message.report, { cases, ms: performance.now() - started });
        } else {
          supervisorFailure(current, 'crash', `session setup failed: ${message.message}`);
        }
        const next = queue.shift();
        if (next) runJob(next);
        else {
          child.kill();
          finish();
        }
      });
      child.on('exit', (code, signal) => {
        if (finished) return;
        if (signal !== 'SIGKILL') {
          supervisorFailure(
            current,
            'crash',
            `worker exited (code ${code}, signal ${signal}): ${stderr.trim().split('\n').slice(-8).join('\n')}`,
          );
        }
        finish();
      });
      runJob(job);
    };

    for (let i = 0; i < Math.max(1, options.jobs); i += 1) startWorker();
  });
}

/** Tallies summed over sessions, by `kind/valid` and `kind/hostile`. */
export function totalTallies(reports: readonly SessionReport[]): Record<string, Tally> {
  const total: Record<string, Tally> = {};
  for (const report of reports) {
    for (const [key, tally] of Object.entries(report.tallies)) {
      const sum = (total[key] ??= { total: 0, ms: 0, ok: 0, failed: 0, rejected: {} });
      sum.total += tally.total;
      sum.ms += tally.ms;
      sum.ok += tally.ok;
      sum.failed += tally.failed;
      for (const [code, n] of Object.entries(tally.rejected))
        sum.rejected[code] = (sum.rejected[code] ?? 0) + n;
    }
  }
  return total;
}

/** The share of valid inputs that succeeded. */
export function validSuccessRatio(tallies: Record<string, Tally>): number {
  const valid = Object.entries(tallies).filter(([key]) => key.endsWith('/valid'));
  const total = valid.reduce((sum, [, t]) => sum + t.total, 0);
  return total === 0 ? 0 : valid.reduce((sum, [, t]) => sum + t.ok, 0) / total;
}

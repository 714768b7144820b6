// A fuzz worker process: runs the sessions its supervisor sends, reporting each input before it
// runs it, so that a crash or a hang that blocks the process can be pinned on that input.
import { areaOf } from './fuzz-case.js';
import { runSession, type SessionReport } from './session.js';

/** A session to run. */
export interface SessionJob {
  readonly seed: number;
  readonly schema: number;
  readonly cases: number;
  readonly deadlineMs: number;
}

/** What a worker tells its supervisor. */
export type WorkerMessage =
  | { readonly t: 'case'; readonly schema: number; readonly index: number; readonly area: string }
  | { readonly t: 'done'; readonly report: SessionReport }
  | { readonly t: 'error'; readonly schema: number; readonly message: string };

function send(message: WorkerMessage): void {
  process.send?.(message);
}

process.on('message', (job: SessionJob) => {
  send({ t: 'case', schema: job.schema, index: -1, area: 'storage' });
  runSession({
    ...job,
    onCase: (index, c) => {
      send({ t: 'case', schema: job.schema, index, area: areaOf(c) });
    },
  }).then(
    (report) => {
      send({ t: 'done', report });
    },
    (error: unknown) => {
      send({
        t: 'error',
        schema: job.schema,
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    },
  );
});

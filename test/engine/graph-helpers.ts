import { execFile, spawn } from 'node:child_process';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Omnigraph, type OpenMode } from '../../src/engine/omnigraph.js';
import { GraphKeys } from '../../src/engine/root/graph-layout.js';
import type { ExportRequest, SettingsInput, SnapshotOutput } from '../../src/api/index.js';
import { listAll, openObjectStore } from '../../src/storage/index.js';
import { isOmniError, type ErrorCode } from '../../src/util/index.js';
import { testSettings, freshS3Uri, S3_SKIP_REASON, S3_TEST_BUCKET } from '../helpers/s3-env.js';
import { freshTempDir } from '../helpers/temp-dir.js';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures');

/** The fixture schema and its 11 entities. */
export const TEST_PG = await readFile(path.join(FIXTURES, 'test.pg'), 'utf8');
export const TEST_JSONL = await readFile(path.join(FIXTURES, 'test.jsonl'), 'utf8');

/** A storage backend a suite runs on: `freshRoot` gives a new, empty graph root each call. */
export interface Backend {
  readonly label: string;
  readonly s3: boolean;
  freshRoot(label: string): Promise<string>;
}

/** Local disk: a fresh temporary directory per root. */
/**
 * A node type with a column of every kind a load writes (Blob is not loadable yet), and an edge
 * with a property: for merges, which must compare each kind exactly as stored.
 */
export const ALL_VALUES_SCHEMA = `node Item {
  name: String @key
  big: I64?
  score: F32?
  ratio: F64?
  day: Date?
  at: DateTime?
  flag: Bool?
  note: String?
  tags: [String]?
  days: [Date]?
  vec: Vector(3)?
}
edge Link: Item -> Item { weight: F32? }
`;

export const LOCAL: Backend = {
  label: 'local disk',
  s3: false,
  freshRoot: async (label) => path.join(await freshTempDir(label), 'graph'),
};

const S3: Backend = {
  label: 'S3',
  s3: true,
  freshRoot: (label) => Promise.resolve(freshS3Uri(label)),
};

/**
 * Registers `suite` once per backend: local disk always, S3 when `S3_BUCKET` is set (else a
 * skipped test says how to enable it).
 */
export function describeOnBackends(title: string, suite: (backend: Backend) => void): void {
  describe(`${title} (${LOCAL.label})`, () => {
    suite(LOCAL);
  });
  if (S3_TEST_BUCKET) {
    describe(`${title} (${S3.label})`, () => {
      suite(S3);
    });
  } else {
    describe(`${title} (S3)`, () => {
      it.skip(S3_SKIP_REASON, () => undefined);
    });
  }
}

/** NDJSON text of lines (objects as JSON), joined with newlines: a load's `data`. */
export function ndjson(...lines: readonly (string | object)[]): string {
  return lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
}

/** A Person node line. */
export function personLine(name: string, age: number | null = null): object {
  return { type: 'Person', data: age === null ? { name } : { name, age } };
}

/** An edge line. */
export function edgeLine(edge: string, from: string, to: string, data?: object): object {
  return data ? { edge, from, to, data } : { edge, from, to };
}

/** A fresh graph on `backend` with the fixture schema (and optionally data, overwrite mode). */
export async function freshGraph(
  backend: Backend,
  label: string,
  options: { schema?: string; data?: string; settings?: SettingsInput } = {},
): Promise<Omnigraph> {
  const graph = await Omnigraph.init(await backend.freshRoot(label), options.schema ?? TEST_PG, {
    settings: testSettings(options.settings),
  });
  if (options.data !== undefined) await graph.load({ data: options.data, mode: 'overwrite' });
  return graph;
}

/** Every export line of a graph target. */
export async function exportAll(graph: Omnigraph, request: ExportRequest = {}): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of graph.export(request)) lines.push(line);
  return lines;
}

/** Exported node data of one type, by id. */
export async function nodesOf(
  graph: Omnigraph,
  type: string,
  options: Omit<ExportRequest, 'type_names'> = {},
): Promise<Record<string, Record<string, unknown>>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const line of await exportAll(graph, { ...options, type_names: [type] })) {
    const record = JSON.parse(line) as { type?: string; data: Record<string, unknown> };
    if (record.type === type) out[String(record.data.id)] = record.data;
  }
  return out;
}

/** Exported edges of one type as `src->dst` strings, sorted. */
export async function edgesOf(
  graph: Omnigraph,
  edge: string,
  options: Omit<ExportRequest, 'type_names'> = {},
): Promise<string[]> {
  const out: string[] = [];
  for (const line of await exportAll(graph, { ...options, type_names: [edge] })) {
    const record = JSON.parse(line) as { edge?: string; from: string; to: string };
    if (record.edge === edge) out.push(`${record.from}->${record.to}`);
  }
  return out.sort();
}

/** Entity counts by type name of a snapshot. */
export function countsOf(snapshot: SnapshotOutput): Record<string, number> {
  return Object.fromEntries(snapshot.datasets.map((d) => [d.type_name, d.entity_count]));
}

/**
 * Everything that identifies the published state of a graph: head commit, manifest version,
 * every table pin and count. Two equal states are the same graph.
 */
export async function graphState(
  graph: Omnigraph,
  branch = 'main',
): Promise<{ commits: number; snapshot: SnapshotOutput }> {
  return {
    commits: (await graph.listCommits({ branch })).commits.length,
    snapshot: await graph.snapshot({ branch }),
  };
}

/** Awaits a promise expected to fail and asserts the OmniError code (and message parts). */
export async function expectOmniError(
  promise: Promise<unknown>,
  code: ErrorCode,
  ...messageParts: readonly string[]
): Promise<Error & { details?: Readonly<Record<string, unknown>> }> {
  const error = await promise.then(
    () => {
      throw new Error(`expected an OmniError '${code}', but the call succeeded`);
    },
    (e: unknown) => e,
  );
  if (!isOmniError(error)) throw error;
  expect(error.code, error.message).toBe(code);
  for (const part of messageParts) expect(error.message).toContain(part);
  return error;
}

/**
 * Every object (and, on local disk, every directory) under a root with what identifies its
 * content: two equal states mean nothing was written, created or deleted in between. The writer
 * lease, the recovery intents and the file store's lock files are left out: they coordinate
 * processes, and a lease a handle keeps lingering after its last write is deleted by a timer at
 * any moment, with the intents of its published writes (which wait for that). Tests of intents
 * look at them directly.
 */
export async function storageState(uri: string): Promise<Map<string, string>> {
  const state = new Map<string, string>();
  const coordination = (key: string): boolean =>
    key === GraphKeys.lease ||
    key.startsWith(GraphKeys.intentsPrefix) ||
    key.startsWith('.og-locks/');
  if (uri.startsWith('s3://')) {
    for await (const meta of listAll(openObjectStore(uri, testSettings().s3), ''))
      if (!coordination(meta.key)) state.set(meta.key, meta.etag);
    return state;
  }
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const key = path.relative(uri, full);
      if (coordination(key) || coordination(`${key}/`)) continue;
      if (entry.isDirectory()) {
        // A directory's time moves with any entry, the coordination files included.
        state.set(`${key}/`, 'dir');
        await walk(full);
      } else {
        const info = await stat(full, { bigint: true });
        state.set(key, `${info.ino}-${info.mtimeNs}-${info.size}`);
      }
    }
  };
  await walk(uri);
  return state;
}

/** Opens a graph in a mode. */
export function openGraph(uri: string, mode: OpenMode = 'read-write'): Promise<Omnigraph> {
  return Omnigraph.open(uri, { mode, settings: testSettings() });
}

const CHILD = path.join(import.meta.dirname, 'graph-child.ts');

/** How a child process ended. */
export interface ChildResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs test/engine/graph-child.ts in a new Node process (TypeScript through tsx) with extra
 * environment variables, and resolves however it exits.
 */
export function runChild(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<ChildResult> {
  return runScript(CHILD, args, env);
}

/**
 * Runs a TypeScript `script` in a new Node process (through tsx), started with `nodeFlags`;
 * resolves however it exits.
 */
export function runScript(
  script: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
  nodeFlags: readonly string[] = [],
): Promise<ChildResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...nodeFlags, '--import', 'tsx', script, ...args],
      { env: { ...process.env, LANCEDB_LOG: 'error', ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Writes NDJSON text to a fresh local file (children read their load data from files). */
export async function ndjsonFile(
  label: string,
  lines: readonly (string | object)[],
): Promise<string> {
  const file = path.join(await freshTempDir(label), 'data.jsonl');
  await writeFile(file, ndjson(...lines));
  return file;
}

/** A child process still running. */
export interface RunningChild {
  readonly pid: number;
  /** Resolves once the child has printed `text` on stdout. */
  printed(text: string): Promise<void>;
  readonly exited: Promise<ChildResult>;
  kill(): void;
}

/** Starts test/engine/graph-child.ts without waiting for it (see {@link runChild}). */
export function startChild(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): RunningChild {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    env: { ...process.env, LANCEDB_LOG: 'error', ...env },
  });
  let stdout = '';
  let stderr = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const waiter of waiters.filter((w) => stdout.includes(w.text))) waiter.resolve();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<ChildResult>((resolve) => {
    child.on('close', (code) => {
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
  return {
    pid: child.pid ?? -1,
    printed: (text) =>
      stdout.includes(text)
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            waiters.push({ text, resolve });
            void exited.then((r) => {
              reject(new Error(`child exited (${r.code}) before printing '${text}': ${r.stderr}`));
            });
          }),
    exited,
    kill: () => child.kill('SIGKILL'),
  };
}

/** A child process stopped at a failpoint armed to pause (see src/engine/protocol/failpoints.ts). */
export interface PausedChild {
  /** Resolves once the child has stopped itself at the point. */
  readonly paused: Promise<void>;
  readonly exited: Promise<ChildResult>;
  resume(): void;
  /** Ends the child if it is still there (a failed test must not leave it stopped). */
  kill(): void;
}

/**
 * Starts a TypeScript `script` (a child of the cross-process tests) with `env`, watching its
 * stderr for the pause of a failpoint armed as `name:pause`.
 */
export function startPausing(
  script: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): PausedChild {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, LANCEDB_LOG: 'error', ...env },
  });
  let stdout = '';
  let stderr = '';
  let reportPause = (): void => undefined;
  const paused = new Promise<void>((resolve) => {
    reportPause = resolve;
  });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    if (stderr.includes('; pausing')) reportPause();
  });
  const exited = new Promise<ChildResult>((resolve) => {
    child.on('close', (code) => {
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
  return {
    paused: Promise.race([
      paused,
      exited.then((r) => {
        throw new Error(`child exited (${r.code}) before pausing: ${r.stderr}${r.stdout}`);
      }),
    ]),
    exited,
    resume: () => child.kill('SIGCONT'),
    kill: () => child.kill('SIGKILL'),
  };
}

/** Keys under a prefix of the graph's object store (e.g. pending recovery intents). */
export async function keysUnder(uri: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const meta of listAll(openObjectStore(uri, testSettings().s3), prefix))
    keys.push(meta.key);
  return keys;
}

/** Deletes the Lance data files under a local graph root: what a read still answers is memory's. */
export async function removeDataFiles(root: string): Promise<void> {
  const tables = path.join(root, 'tables');
  for (const table of await readdir(tables)) {
    const data = path.join(tables, table, 'data');
    // A table never written has no data directory.
    const files = await readdir(data).catch(() => []);
    for (const file of files) await rm(path.join(data, file));
  }
}

/**
 * Runs `run` with the Lance data files under a local graph root moved aside, then puts them
 * back: what a read answers meanwhile is memory's, and later writes find the tables whole.
 */
export async function withoutDataFiles<T>(root: string, run: () => Promise<T>): Promise<T> {
  const tables = path.join(root, 'tables');
  const moved: string[] = [];
  try {
    for (const table of await readdir(tables)) {
      const data = path.join(tables, table, 'data');
      // A table never written has no data directory.
      if ((await stat(data).catch(() => undefined)) === undefined) continue;
      await rename(data, `${data}.aside`);
      moved.push(data);
    }
    return await run();
  } finally {
    for (const data of moved) await rename(`${data}.aside`, data);
  }
}

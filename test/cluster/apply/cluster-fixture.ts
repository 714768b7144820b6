import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { testSettings } from '../../helpers/s3-env.js';
import { freshTempDir } from '../../helpers/temp-dir.js';
import type { ClusterCommandOptions, Diagnostic } from '../../../src/cluster/index.js';
import { openTestStore, type Backend } from '../state/cluster-backends.js';
import { PEOPLE_GQ, PEOPLE_PG, TEAM_POLICY } from '../config/cluster-dir.js';

/** A second, small schema: the graph the lifecycle tests delete. */
export const NOTES_PG = `node Note {
    slug: String @key
    body: String?
}
`;

/** {@link PEOPLE_PG} with one more optional property: a supported migration. */
export const PEOPLE_PG_V2 = PEOPLE_PG.replace(
  '    age: I32?\n',
  '    age: I32?\n    email: String?\n',
);

/** {@link PEOPLE_GQ} with a third query. */
export const PEOPLE_GQ_V2 = `${PEOPLE_GQ}
query everyone() {
    match { $p: Person }
    return { $p.name }
}
`;

/** The graphs a test cluster declares: id → schema file. */
export interface ClusterShape {
  readonly notes?: boolean;
}

/** cluster.yaml of a test cluster on `root`: `knowledge` (+ queries, policy) and `notes`. */
export function clusterYaml(root: string, shape: ClusterShape = {}): string {
  const notes = shape.notes ?? true;
  return `version: 1
metadata: { name: test-brain }
storage: ${root}
graphs:
  knowledge:
    schema: people.pg
    queries: queries/
${notes ? '  notes:\n    schema: notes.pg\n' : ''}policies:
  base: { file: base.policy.yaml, applies_to: [knowledge] }
`;
}

/** A config directory and storage root for one test cluster. */
export class TestCluster {
  readonly configDir: string;
  readonly root: string;

  private constructor(configDir: string, root: string) {
    this.configDir = configDir;
    this.root = root;
  }

  /** A fresh two-graph cluster (`knowledge` with two queries and a policy, `notes`). */
  static async create(backend: Backend, label: string): Promise<TestCluster> {
    const cluster = new TestCluster(
      await freshTempDir(`${label}-config`),
      await backend.root(label),
    );
    await cluster.write({
      'cluster.yaml': clusterYaml(cluster.root),
      'people.pg': PEOPLE_PG,
      'notes.pg': NOTES_PG,
      'queries/people.gq': PEOPLE_GQ,
      'base.policy.yaml': TEAM_POLICY,
    });
    return cluster;
  }

  /** Writes (or with `null` removes) config files. */
  async write(files: Readonly<Record<string, string | null>>): Promise<void> {
    for (const [name, content] of Object.entries(files)) {
      const file = path.join(this.configDir, name);
      if (content === null) await rm(file, { force: true });
      else {
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, content);
      }
    }
  }

  /** Options of a command on this cluster. */
  options(extra: Partial<ClusterCommandOptions> = {}): ClusterCommandOptions {
    return { configDir: this.configDir, settings: testSettings(), ...extra };
  }

  /** The cluster's store. */
  store() {
    return openTestStore(this.root);
  }
}

/** Expects no error diagnostics, showing them when there are. */
export function expectOk(output: { ok: boolean; diagnostics: readonly Diagnostic[] }): void {
  const errors = output.diagnostics.filter((d) => d.severity === 'error');
  expect(errors, JSON.stringify(errors, null, 2)).toEqual([]);
  expect(output.ok).toBe(true);
}

/** The codes of `diagnostics`. */
export function codes(output: { diagnostics: readonly Diagnostic[] }): string[] {
  return output.diagnostics.map((d) => d.code);
}

/** `operation resource disposition[/reason]` of each change, for compact assertions. */
export function changeLines(output: {
  changes: readonly {
    resource: string;
    operation: string;
    disposition?: string;
    reason?: string;
  }[];
}): string[] {
  return output.changes.map(
    (c) => `${c.operation} ${c.resource} ${c.disposition ?? '-'}${c.reason ? `/${c.reason}` : ''}`,
  );
}

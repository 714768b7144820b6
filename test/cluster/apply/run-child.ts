import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'apply-child.ts');

/** How a child apply ended: its exit code and what it printed. */
export interface ChildApply {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link applyInChild}. */
export interface ChildOptions {
  /** Armed in the child (`OMNIGRAPH_FAILPOINTS`). */
  readonly failpoint?: string;
  /** Resolved once the child is loaded; the child applies when the returned function is called. */
  readonly onReady?: (go: () => void) => void;
}

/** Runs `applyCluster` on `configDir` in a child process. */
export function applyInChild(configDir: string, options: ChildOptions = {}): Promise<ChildApply> {
  const { failpoint, onReady } = options;
  const env: NodeJS.ProcessEnv = { ...process.env, LANCEDB_LOG: 'error' };
  if (failpoint === undefined) delete env.OMNIGRAPH_FAILPOINTS;
  else env.OMNIGRAPH_FAILPOINTS = failpoint;
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', CHILD, configDir, ...(onReady ? ['--wait'] : [])];
    const child = spawn(process.execPath, args, { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (onReady && stdout.startsWith('ready\n') && !stdout.includes('{')) {
        onReady(() => {
          child.stdin.write('go\n');
        });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout: stdout.replace(/^ready\n/, ''), stderr });
    });
  });
}

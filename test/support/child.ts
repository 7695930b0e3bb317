import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
/** tsx's loader, so that a child process runs the TypeScript sources as they are. */
const TSX_LOADER = require.resolve('tsx/esm');
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Starts a real child process running a TypeScript script. */
export function spawnTs(script: string, args: readonly string[] = []): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--conditions=vaxledger-source', '--import', TSX_LOADER, script, ...args], { cwd: REPO_ROOT, stdio: 'pipe' });
}

/**
 * The time a test needs that runs the CLI `runs` times (or spawns that many TypeScript processes). Each starts node,
 * tsx and the engine: about a second on an idle machine, 5–18 s on a loaded 2-core one (measured at load average
 * 10–19). A timeout is a bound, not a measure: the suite must pass there too.
 */
export function cliTimeout(runs: number): number {
  return Math.max(60_000, runs * 40_000);
}

/** The administrator's secret in CLI tests (`init` reads it from VAXLEDGER_SECRET, and so does every later command). */
export const ADMIN_SECRET = 'admin-secret-for-tests';

/**
 * Runs the `vaxledger` CLI as an operator would, returning its exit code and output. VAXLEDGER_SECRET is the
 * administrator's unless `env` says otherwise; `input`, when given, is written to its standard input, then closed.
 */
export function runCli(args: readonly string[], env: Record<string, string> = {}, input?: string | Uint8Array): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'packages/cli/bin/vaxledger.js'), ...args], {
      cwd: REPO_ROOT, stdio: 'pipe', env: { ...process.env, VAXLEDGER_SECRET: ADMIN_SECRET, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    if (input !== undefined) child.stdin.end(input);
  });
}

/** Calls `onLine` for each complete line the child prints. */
export function onLines(child: ChildProcessWithoutNullStreams, onLine: (line: string) => void): void {
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      onLine(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
    }
  });
}

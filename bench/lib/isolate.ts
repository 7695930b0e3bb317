import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { BenchContext } from './context.ts';
import { cleanWorkDirOf } from './workdir.ts';

/**
 * Runs a measurement in a child Node process, so that its peak memory is its own (not the bench's, nor an earlier
 * suite's leftovers) and so that it can have the heap a 1,000,000-row workload needs. The function named `fn` in
 * module `moduleUrl` is called as `fn(arg, log)`; what it returns (structured-cloneable) is the result.
 */
export const CHILD_HEAP_MB = 12_288;

export interface IsolateOptions {
  /**
   * 'raised' (default): a heap limit of CHILD_HEAP_MB. 'node-default': Node's own limit, for a workload measured as an
   * operator runs it (`npx vaxledger …` raises nothing).
   */
  readonly heap?: 'raised' | 'node-default';
}

export interface ChildMessage {
  readonly kind: 'log' | 'result' | 'error';
  readonly message?: string;
  readonly result?: unknown;
}

/** A measurement stopped at its time cap (the child process is killed): what the workload costs is at least that. */
export class IsolatedTimeout extends Error {
  constructor(readonly seconds: number, readonly lastLog: string) {
    super(`did not finish within its ${seconds} s cap${lastLog ? ` (last report: ${lastLog})` : ''}`);
    this.name = 'IsolatedTimeout';
  }
}

export function runIsolated<A, R>(ctx: BenchContext, moduleUrl: string, fn: string, arg: A, capSeconds?: number, options: IsolateOptions = {}): Promise<R> {
  const tsx = createRequire(import.meta.url).resolve('tsx/esm');
  const entry = fileURLToPath(new URL('./child-entry.ts', import.meta.url));
  return new Promise<R>((resolve, reject) => {
    const child = fork(entry, [], {
      execArgv: ['--conditions=vaxledger-source', '--import', tsx, ...(options.heap === 'node-default' ? [] : [`--max-old-space-size=${CHILD_HEAP_MB}`]), '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    let settled = false;
    let lastLog = '';
    // A workload that runs past its cap is stopped, so that one slow path cannot take the whole bench's time budget.
    const timer = capSeconds === undefined ? undefined : setTimeout(() => {
      if (settled) return;
      settled = true;
      child.kill('SIGKILL');
      reject(new IsolatedTimeout(capSeconds, lastLog));
    }, capSeconds * 1000);
    timer?.unref();
    child.on('message', (m: ChildMessage) => {
      if (m.kind === 'log') {
        lastLog = (m.message ?? '').slice(0, 200);
        ctx.log(m.message ?? '');
      }
      else if (m.kind === 'result') {
        settled = true;
        resolve(m.result as R);
      } else if (m.kind === 'error') {
        settled = true;
        reject(new Error(`in child process: ${m.message}`));
      }
    });
    child.on('error', (e) => {
      if (!settled) reject(e);
      settled = true;
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      // Files a killed child left in bench/.work (its databases and key stores are named with its pid).
      if (child.pid !== undefined) cleanWorkDirOf(child.pid);
      if (!settled) reject(new Error(`child process ended (${signal ?? `exit code ${code}`}) before it reported a result`));
      settled = true;
    });
    child.send({ module: moduleUrl, fn, arg });
  });
}

/** What a workload run in a child process gave: its result, or why there is none. */
export interface WorkloadOutcome<R> {
  readonly result?: R;
  /** The first line of the error, for the report. */
  readonly failure?: string;
  /** Set when the workload was stopped at its cap: a figure (at least that long), not a broken suite. */
  readonly timedOut?: number;
}

/** runIsolated, with a time-out turned into an outcome; any other failure is thrown. */
export async function runWorkload<A, R>(ctx: BenchContext, moduleUrl: string, fn: string, arg: A, capSeconds: number, options: IsolateOptions = {}): Promise<WorkloadOutcome<R>> {
  try {
    return { result: await runIsolated<A, R>(ctx, moduleUrl, fn, arg, capSeconds, options) };
  } catch (error) {
    if (!(error instanceof IsolatedTimeout)) throw error;
    return { failure: String(error.message).split('\n')[0]!.slice(0, 200), timedOut: error.seconds };
  }
}

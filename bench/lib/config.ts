import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** bench/ itself, wherever the repo is checked out. */
export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = join(BENCH_DIR, '..');
/** Scratch database files; git-ignored, emptied after each measurement. */
export const WORK_DIR = join(BENCH_DIR, '.work');
export const PEERS_DIR = join(BENCH_DIR, 'peers');

export interface BenchConfig {
  /** BENCH_QUICK=1: a smoke run of the harness (small counts, well under a minute). Its figures mean nothing. */
  readonly quick: boolean;
  /** BENCH_FULL=1: the workloads the targets name at full size where the default run extrapolates (rebuild: 10M events). */
  readonly full: boolean;
  /** Where the report goes: bench/results.md, or bench/.work/results.quick.md in quick mode; BENCH_OUT overrides. */
  readonly outFile: string;
  /** BENCH_PEERS=skip leaves Emmett out; in quick mode Emmett runs only when already installed. */
  readonly peers: 'auto' | 'skip' | 'install';
  /** Wall time the raw floor is given per append measurement; the other stores then write the same number of events. */
  readonly floorSeconds: number;
  /** Time box for the stores measured against the floor (ours, Emmett): they stop there and report what they did. */
  readonly storeSecondsCap: number;
  /** Rounds of floor/ours (fresh files each), best of the rounds reported. */
  readonly rounds: number;
  /** Warm-up before each timed run. */
  readonly warmupSeconds: number;
  readonly readAllEvents: number;
  readonly concurrentCallers: number;
  /** Upper bound of events per batch size (keeps memory and file size reasonable even on a very fast disk). */
  readonly maxEvents: (batchSize: number) => number;
  readonly batchSizes: readonly number[];
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const quick = env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true';
  const peersEnv = env.BENCH_PEERS;
  const peers = peersEnv === 'skip' || peersEnv === 'install' ? peersEnv : 'auto';
  return {
    quick,
    full: !quick && (env.BENCH_FULL === '1' || env.BENCH_FULL === 'true'),
    outFile: env.BENCH_OUT ?? (quick ? join(WORK_DIR, 'results.quick.md') : join(BENCH_DIR, 'results.md')),
    peers,
    floorSeconds: quick ? 0.4 : 8,
    storeSecondsCap: quick ? 1.5 : 15,
    rounds: quick ? 1 : 2,
    warmupSeconds: quick ? 0.05 : 0.5,
    readAllEvents: quick ? 5_000 : 200_000,
    concurrentCallers: 32,
    maxEvents: (b) => (quick ? Math.max(b * 3, 300) : Math.max(b * 50, Math.min(400_000, b * 4_000))),
    batchSizes: [1, 10, 100, 1000],
  };
}

/** Monotonic milliseconds. */
export const nowMs = (): number => performance.now();

/** Accumulates only the timed sections (the store calls), so preparing the next batch is not counted. */
export class Stopwatch {
  private total = 0;
  private started: number | null = null;

  start(): void {
    this.started = nowMs();
  }

  stop(): void {
    if (this.started === null) return;
    this.total += nowMs() - this.started;
    this.started = null;
  }

  /** Times one awaited call. */
  async time<T>(fn: () => Promise<T>): Promise<T> {
    this.start();
    try {
      return await fn();
    } finally {
      this.stop();
    }
  }

  timeSync<T>(fn: () => T): T {
    this.start();
    try {
      return fn();
    } finally {
      this.stop();
    }
  }

  get ms(): number {
    return this.total + (this.started === null ? 0 : nowMs() - this.started);
  }

  get seconds(): number {
    return this.ms / 1000;
  }
}

export const perSecond = (count: number, ms: number): number => (ms > 0 ? (count * 1000) / ms : 0);

/** Lets pending I/O callbacks, timers and GC-finalisers run between measurements. */
export const settle = (ms = 50): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Rejects when `promise` has not settled within `ms` (a peer that hangs must not hang the bench). */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${Math.round(ms / 1000)} s`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

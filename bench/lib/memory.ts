import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const MB = 1024 * 1024;

/**
 * Peak resident memory during one measurement: sampled from the timed loops (`sample()`) and by a timer between
 * awaits, so synchronous loops (the raw floor) are covered as well as asynchronous ones. The process-wide high-water
 * mark (`process.resourceUsage().maxRSS`) is reported once for the whole run.
 */
export class RssSampler {
  private peak = 0;
  private timer: NodeJS.Timeout | null = null;
  private calls = 0;

  start(intervalMs = 25): this {
    this.peak = process.memoryUsage.rss();
    this.timer = setInterval(() => this.sampleNow(), intervalMs);
    this.timer.unref();
    return this;
  }

  /** Cheap to call from a hot loop: reads RSS every `every` calls. */
  sample(every = 16): void {
    if (++this.calls % every === 0) this.sampleNow();
  }

  sampleNow(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
  }

  /** Stops sampling; the peak in MB. */
  stop(): number {
    this.sampleNow();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return this.peak / MB;
  }
}

/** The process-wide peak RSS so far, in MB (Linux reports maxRSS in KiB). */
export const processPeakRssMb = (): number => process.resourceUsage().maxRSS / 1024;

let gcFn: (() => void) | null | undefined;
/** A full GC between measurements, so that one measurement's garbage is not collected on the next one's clock. */
export function collectGarbage(): void {
  if (gcFn === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gcFn = runInNewContext('gc') as () => void;
    } catch {
      gcFn = null;
    }
  }
  gcFn?.();
}

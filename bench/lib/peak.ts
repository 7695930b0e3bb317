import { readFileSync, writeFileSync } from 'node:fs';
import { collectGarbage, processPeakRssMb } from './memory.ts';

/**
 * Peak resident memory of one phase, exact even when the phase is one long synchronous call (a parse, an index
 * build): Linux lets a process reset its own high-water mark (`echo 5 > /proc/self/clear_refs`) and reports it as
 * VmHWM. Where that is not possible the process-wide peak is reported instead (and said so).
 */
function vmHwmMb(): number | null {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

function resetHighWater(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

export const rssMb = (): number => process.memoryUsage.rss() / (1024 * 1024);

export class PhasePeak {
  private exact = false;
  /** RSS when the phase began (after a full GC): what earlier phases left behind. */
  baseMb = 0;

  /** A full GC, then the high-water mark reset to the current RSS. */
  start(): this {
    collectGarbage();
    this.exact = resetHighWater();
    this.baseMb = rssMb();
    return this;
  }

  /** Peak RSS (MB) since start(); process-wide peak when the mark could not be reset. */
  stop(): { peakMb: number; baseMb: number; exact: boolean } {
    const hwm = this.exact ? vmHwmMb() : null;
    return { peakMb: hwm ?? processPeakRssMb(), baseMb: this.baseMb, exact: hwm !== null };
  }
}

/**
 * Consecutive phases of one run (the importer's progress callbacks mark them): wall time and peak RSS of each.
 * The high-water mark is read and reset at every boundary, so a phase's peak is its own.
 */
export class PhaseClock {
  private readonly done: Array<{ name: string; seconds: number; peakMb: number }> = [];
  private name = '';
  private t = 0;
  private t0 = 0;
  private exact = false;
  private baseMb = 0;

  start(name: string): this {
    collectGarbage();
    this.exact = resetHighWater();
    this.baseMb = rssMb();
    this.name = name;
    this.t0 = this.t = performance.now();
    return this;
  }

  next(name: string): void {
    const now = performance.now();
    this.done.push({ name: this.name, seconds: (now - this.t) / 1000, peakMb: (this.exact ? vmHwmMb() : null) ?? processPeakRssMb() });
    if (this.exact) resetHighWater();
    this.name = name;
    this.t = now;
  }

  stop(): { phases: Array<{ name: string; seconds: number; peakMb: number }>; totalSeconds: number; peakMb: number; baseMb: number } {
    this.next('');
    const phases = this.done.splice(0);
    return { phases, totalSeconds: phases.reduce((s, p) => s + p.seconds, 0), peakMb: Math.max(...phases.map((p) => p.peakMb)), baseMb: this.baseMb };
  }
}

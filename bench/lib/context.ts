import type { BenchConfig } from './config.ts';
import type { EmmettPeer } from './peers.ts';

/** One figure: a store (or floor) doing one workload. */
export interface Measurement {
  readonly id: string;
  /** Events (or evaluations) completed in the timed sections. */
  readonly count: number;
  readonly seconds: number;
  readonly perSecond: number | null;
  readonly peakRssMb?: number;
  /** Set when the store failed (an error ended the run); the text goes into the table. */
  readonly failure?: string;
  /** Set when the store was stopped at the time cap before writing every event; its rate is still a figure. */
  readonly partial?: string;
  readonly note?: string;
}

/** A target checked in the report's summary. */
export interface Verdict {
  readonly what: string;
  readonly target: string;
  readonly figure: string;
  readonly pass: boolean | null;
}

/** A part of results.md, rendered after every suite ran (so a table can use figures that later suites measure). */
export interface Section {
  readonly order: number;
  readonly render: (ctx: BenchContext) => { markdown: string; verdicts?: readonly Verdict[] };
}

export interface BenchContext {
  readonly config: BenchConfig;
  readonly emmett: EmmettPeer;
  readonly measurements: Map<string, Measurement>;
  readonly sections: Section[];
  readonly notes: string[];
  log(message: string): void;
  record(m: Measurement): Measurement;
}

/** A suite measures and registers its section(s); one file per suite under bench/suites/. */
export interface Suite {
  readonly name: string;
  run(ctx: BenchContext): Promise<void>;
}

export const measurementId = (...parts: Array<string | number>): string => parts.join('.');

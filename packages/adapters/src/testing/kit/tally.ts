import fc from 'fast-check';
import type { KitOptions, PropertyName, PropertyResult } from './types.ts';

/** Counts what a property exercised, across its runs; the minimums it must reach are checked at the end. */
export class Tally {
  readonly counts: Record<string, number> = {};

  add(what: string, n = 1): void {
    this.counts[what] = (this.counts[what] ?? 0) + n;
  }

  get(what: string): number {
    return this.counts[what] ?? 0;
  }
}

/** A failure of the host under test: the property's verdict, as a message that names no personal item. */
export class KitFailure extends Error {}

export const fail = (message: string): never => {
  throw new KitFailure(message);
};

/** A property's body for one generated case, with the tally to count into. */
export type CaseBody<T> = (value: T, tally: Tally) => Promise<void>;

/**
 * Runs a property: `runs` cases of `arb` through `body`, then checks the minimums (`at least` n of each count over
 * all runs). Never throws: the result says what failed.
 */
export async function runProperty<T>(
  name: PropertyName, o: KitOptions, defaultRuns: number, arb: fc.Arbitrary<T>, body: CaseBody<T>, minimums: Record<string, number>,
): Promise<PropertyResult> {
  const tally = new Tally();
  const numRuns = o.numRuns ?? defaultRuns;
  let runs = 0;
  const details = await fc.check(fc.asyncProperty(arb, async (value) => {
    runs++;
    await body(value, tally);
  }), { numRuns, endOnFailure: true, ...(o.seed === undefined ? {} : { seed: o.seed }) });
  const exercised = { ...tally.counts };
  if (details.failed) {
    const error = details.errorInstance;
    const message = error instanceof Error ? error.message : String(error);
    return { name, passed: false, runs, exercised, failure: `${error instanceof KitFailure ? '' : 'the host threw: '}${message} (seed ${details.seed})` };
  }
  const short = Object.entries(minimums).filter(([what, min]) => tally.get(what) < min);
  if (short.length > 0) {
    return { name, passed: false, runs, exercised, failure: `did too little: ${short.map(([what, min]) => `${what} ${tally.get(what)} (at least ${min} needed)`).join(', ')}` };
  }
  return { name, passed: true, runs, exercised };
}

/** A property that cannot run on this host: it fails, saying what is missing. */
export const cannotRun = (name: PropertyName, missing: string): PropertyResult => ({ name, passed: false, runs: 0, exercised: {}, failure: `cannot run: ${missing}` });

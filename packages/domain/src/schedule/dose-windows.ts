/**
 * The legal windows of one dose for one person, merged and clipped to the product's admission, and the segment
 * (window, or window ∩ season) a date falls in. The arrays are scratch owned by one DoseWindows, which belongs to one
 * DoseEvaluator: two evaluators never share them. They start small enough for V8 to keep them on its heap (a typed
 * array of up to 64 bytes; a larger one costs an allocation outside the heap, about a microsecond, which evaluateDose
 * would pay on every call) and grow, rarely, when a person has more windows than that for one dose.
 */
import { fiscalYearOf } from './legal-dates.ts';
import { REPEAT_SEASON, type CDose, type CVaccine } from './compile.ts';
import { hasProduct, maxBounds, minBounds, priorDoseBetween, seasonEnd, seasonStart } from './dose-bounds.ts';
import type { PersonDays } from './person-days.ts';

/** Doubles in a typed array that V8 still allocates on its heap. */
const ON_HEAP = 8;

export class DoseWindows {
  /** Merged windows [from[i], to[i]], ascending, for i below the count `build` returned. */
  from: Float64Array;
  to: Float64Array;
  /** Set by `build`: some window was left out only because the person lacks a condition it requires. */
  conditionOnly: boolean;
  /** Set by `segmentAtOrAfter` and `lastSegment`. */
  segFrom: number;
  segTo: number;
  private clipFrom: Float64Array;
  private clipTo: Float64Array;

  constructor() {
    this.from = new Float64Array(ON_HEAP);
    this.to = new Float64Array(ON_HEAP);
    this.conditionOnly = false;
    this.segFrom = NaN;
    this.segTo = NaN;
    this.clipFrom = new Float64Array(ON_HEAP);
    this.clipTo = new Float64Array(ON_HEAP);
  }

  /** Fills `from`/`to` with the person's merged windows for this dose; returns their count. */
  build(v: CVaccine, dr: CDose, p: PersonDays, product: number, continuing: boolean, dose: number, date: number): number {
    let winFrom = this.from, winTo = this.to;
    const bit = 1 << (dose - 1);
    let n = 0;
    this.conditionOnly = false;
    for (let i = 0; i < v.windows.length; i++) {
      const w = v.windows[i]!;
      if ((w.doseMask & bit) === 0) continue;
      if (p.birth < w.birthFrom || p.birth > w.birthTo) continue;
      if (w.products !== null && product >= 0 && !hasProduct(w.products, product)) continue;
      if ((w.requireMask & p.conditionMask) !== w.requireMask || (w.datedBit >= 0 && !(p.conditionDates[w.datedBit]! <= w.datedBy))) {
        this.conditionOnly = true;
        continue;
      }
      if (w.priorFrom === w.priorFrom && !priorDoseBetween(v, p, date, w.priorFrom, w.priorTo)) continue;
      const from = maxBounds(dr.from, p, maxBounds(w.from, p, w.effFrom));
      const to = minBounds(dr.to, p, minBounds(w.to, p, w.effTo));
      if (!(from <= to)) continue;
      // insertion by start, so that merging is one pass
      if (n === winFrom.length) {
        this.growWindows(2 * n);
        winFrom = this.from;
        winTo = this.to;
      }
      let k = n++;
      while (k > 0 && winFrom[k - 1]! > from) {
        winFrom[k] = winFrom[k - 1]!;
        winTo[k] = winTo[k - 1]!;
        k--;
      }
      winFrom[k] = from;
      winTo[k] = to;
    }
    let m = 0;
    for (let i = 0; i < n; i++) {
      if (m > 0 && winFrom[i]! <= winTo[m - 1]! + 1) {
        if (winTo[i]! > winTo[m - 1]!) winTo[m - 1] = winTo[i]!;
      } else {
        winFrom[m] = winFrom[i]!;
        winTo[m++] = winTo[i]!;
      }
    }
    if (product >= 0 && v.admitNew !== null) m = this.clipToAdmission(m, (continuing ? v.admitContinuing! : v.admitNew)[product]);
    return m;
  }

  private growWindows(size: number): void {
    const from = new Float64Array(size), to = new Float64Array(size);
    from.set(this.from);
    to.set(this.to);
    this.from = from;
    this.to = to;
  }

  private clipToAdmission(n: number, admitted: Float64Array | undefined): number {
    if (admitted === undefined) return 0;
    // at most one piece per window and admitted interval
    if (n * admitted.length > this.clipFrom.length) {
      this.clipFrom = new Float64Array(n * admitted.length);
      this.clipTo = new Float64Array(n * admitted.length);
    }
    const winFrom = this.from, winTo = this.to, clipFrom = this.clipFrom, clipTo = this.clipTo;
    let m = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < admitted.length; j += 2) {
        const f = Math.max(winFrom[i]!, admitted[j]!);
        const t = Math.min(winTo[i]!, admitted[j + 1]!);
        if (f <= t) {
          clipFrom[m] = f;
          clipTo[m++] = t;
        }
      }
    for (let i = 0; i < m; i++) {
      winFrom[i] = clipFrom[i]!;
      winTo[i] = clipTo[i]!;
    }
    return m;
  }

  /** Sets segFrom/segTo to the first of the `n` windows' segments that ends on or after x. */
  segmentAtOrAfter(v: CVaccine, n: number, x: number): boolean {
    const winFrom = this.from, winTo = this.to;
    for (let i = 0; i < n; i++) {
      const wf = winFrom[i]!, wt = winTo[i]!;
      if (wt < x) continue;
      if (v.repeat !== REPEAT_SEASON) {
        this.segFrom = wf;
        this.segTo = wt;
        return true;
      }
      const start = Math.max(x, wf);
      let fy = fiscalYearOf(start);
      if (seasonEnd(v, fy) < start) fy++;
      const from = Math.max(seasonStart(v, fy), wf);
      const to = Math.min(seasonEnd(v, fy), wt);
      this.segFrom = from;
      this.segTo = to;
      if (from <= to) return true;
    }
    return false;
  }

  /** Sets segFrom/segTo to the last segment of the `n` windows. */
  lastSegment(v: CVaccine, n: number): boolean {
    const winFrom = this.from, winTo = this.to;
    for (let i = n - 1; i >= 0; i--) {
      const wf = winFrom[i]!, wt = winTo[i]!;
      if (v.repeat !== REPEAT_SEASON) {
        this.segFrom = wf;
        this.segTo = wt;
        return true;
      }
      let fy = fiscalYearOf(wt);
      if (seasonStart(v, fy) > wt) fy--;
      const from = Math.max(seasonStart(v, fy), wf);
      const to = Math.min(seasonEnd(v, fy), wt);
      this.segFrom = from;
      this.segTo = to;
      if (from <= to) return true;
    }
    return false;
  }

  /** First day ≥ max(lower, from) that lies in a segment of the `n` windows, or NaN. */
  earliestFrom(v: CVaccine, n: number, lower: number, from: number): number {
    const x = lower > from ? lower : from;
    return this.segmentAtOrAfter(v, n, x) ? Math.max(x, this.segFrom) : NaN;
  }
}

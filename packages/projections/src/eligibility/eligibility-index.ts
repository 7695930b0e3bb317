import {
  compilePerson, compiledRuleSet, createDoseEvaluator, defaultRuleSet, formatIsoDate, FAR_FUTURE, hasAnyReason,
  newDoseCheckDays, parseIsoDate, reasonMaskOf, NO_REASONS, REASON_BIT, withoutReasons, DomainError,
  type CompiledRuleSet, type DayNumber, type EligibilityCriteria, type PersonDays, type ReasonMask, type RuleSet,
} from '@vaxledger/domain';
import type { EligibilityDoc } from './eligibility-projection.ts';

/** A resident's standing for one vaccine and dose on the evaluation date. Computed, never stored. */
export const ELIGIBILITY_STATUSES = ['due', 'closing', 'upcoming', 'missed', 'complete'] as const;
export type EligibilityStatus = (typeof ELIGIBILITY_STATUSES)[number];

export interface EligibilityRow {
  readonly residentId: string;
  readonly status: EligibilityStatus;
  readonly window: { readonly from: string; readonly to: string } | null;
  readonly earliest: string | null;
  readonly wardCode?: string;
  /** 送付除外 or 住基閲覧注意: never put into a notice run. */
  readonly noMail: boolean;
  /** 不達: the date mail to the person last came back, when nothing was mailed to them since (check the address). */
  readonly mailReturned?: string;
}

export interface EligibilityQuery extends Omit<EligibilityCriteria, 'statuses'> {
  /** Which statuses to return (default: due, closing, upcoming, missed). */
  readonly statuses?: readonly EligibilityStatus[];
}

interface Entry {
  readonly residentId: string;
  readonly birth: DayNumber;
  readonly wardCode: string | undefined;
  readonly noMail: boolean;
  readonly mailReturned: string | undefined;
  readonly person: PersonDays;
}

const byResident = (a: { residentId: string }, b: { residentId: string }) => (a.residentId < b.residentId ? -1 : a.residentId > b.residentId ? 1 : 0);

const DEFAULT_WITHIN_DAYS = 30;
// Not knowing the product does not make a person ineligible: the windows of every product are unioned.
const IGNORED = REASON_BIT['product-unknown'];
const COMPLETE = reasonMaskOf('series-complete', 'dose-already-given');

/**
 * The eligibility projection compiled for extraction: each current resident's facts prepared once, so that one
 * vaccine and dose over a whole city costs one compiled dose check per resident (integer day numbers).
 */
export class EligibilityIndex {
  /** In resident id order, so that an index patched with changes lists residents exactly as one built afresh. */
  private readonly entries: Entry[];
  private readonly c: CompiledRuleSet;

  /** `entries` is for withChanges: entries already compiled against `rules`, in resident id order. */
  constructor(docs: Iterable<EligibilityDoc>, rules: RuleSet | CompiledRuleSet = defaultRuleSet, entries?: Entry[]) {
    this.c = 'vaccineIndex' in rules ? rules : compiledRuleSet(rules);
    if (entries) {
      this.entries = entries;
      return;
    }
    this.entries = [];
    for (const d of docs) {
      const entry = this.entryOf(d);
      if (entry) this.entries.push(entry);
    }
    // Documents come in key order, which is resident id order but for ids that extend one another ("0001", "0001-2").
    this.entries.sort(byResident);
  }

  /** Whether a person is among this city's targets, whom the index keeps: those who moved out, died, were cancelled or suspended are not. */
  static keeps(d: EligibilityDoc): d is EligibilityDoc & { readonly birthDate: string } {
    return d.status === 'resident' && d.birthDate !== undefined && !d.suspended;
  }

  /** A resident as an extraction sees them; null when they are not this city's target. */
  private entryOf(d: EligibilityDoc): Entry | null {
    if (!EligibilityIndex.keeps(d)) return null;
    const birth = parseIsoDate(d.birthDate);
    if (birth === null) return null;
    const history = d.doses.map((x) => ({ vaccine: x.vaccine, dose: x.dose, date: parseIsoDate(x.date)!, product: x.product }));
    return {
      residentId: d.residentId, birth, wardCode: d.wardCode, noMail: d.mailingExcluded || d.addressRestricted, mailReturned: d.mailReturned?.on,
      person: compilePerson(this.c, { birth, sex: d.sex, conditions: d.conditions, history }),
    };
  }

  /**
   * This index with some residents as they are now: `changed` maps each resident id whose documents changed to their
   * document, or to undefined when the projection no longer has them (erased). The rest is shared, not compiled again.
   */
  withChanges(changed: ReadonlyMap<string, EligibilityDoc | undefined>): EligibilityIndex {
    // Where each change lands is found by binary search, and the unchanged runs between are copied whole: a day's
    // changes cost their own count times log n, plus one copy of the array, not a comparison per resident.
    const cuts: Array<{ at: number; residentId: string; drop: boolean; entry?: Entry }> = [];
    for (const [residentId, doc] of changed) {
      const at = this.lowerBound(residentId);
      const present = at < this.entries.length && this.entries[at]!.residentId === residentId;
      const entry = doc ? this.entryOf(doc) : null;
      if (present || entry) cuts.push({ at, residentId, drop: present, ...(entry ? { entry } : {}) });
    }
    // Residents new to the index that land at one position go in id order.
    cuts.sort((x, y) => x.at - y.at || byResident(x, y));
    const entries: Entry[] = [];
    let from = 0;
    for (const cut of cuts) {
      for (let i = from; i < cut.at; i++) entries.push(this.entries[i]!);
      if (cut.entry) entries.push(cut.entry);
      from = cut.drop ? cut.at + 1 : cut.at;
    }
    for (let i = from; i < this.entries.length; i++) entries.push(this.entries[i]!);
    return new EligibilityIndex([], this.c, entries);
  }

  /** The position of the first entry whose resident id is not below `residentId`. */
  private lowerBound(residentId: string): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.residentId < residentId) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  get size(): number {
    return this.entries.length;
  }

  query(q: EligibilityQuery): EligibilityRow[] {
    const vi = this.c.vaccineIndex.get(q.vaccine);
    if (vi === undefined) throw new DomainError('unknown-vaccine', `vaccine ${q.vaccine} is not in the rule set`);
    const date = parseIsoDate(q.date);
    if (date === null) throw new DomainError('invalid-date', 'the evaluation date is not a valid date');
    const birthFrom = q.birthFrom === undefined ? -Infinity : parseIsoDate(q.birthFrom) ?? -Infinity;
    const birthTo = q.birthTo === undefined ? Infinity : parseIsoDate(q.birthTo) ?? Infinity;
    const within = q.withinDays ?? DEFAULT_WITHIN_DAYS;
    const wanted = new Set<EligibilityStatus>(q.statuses ?? ['due', 'closing', 'upcoming', 'missed']);
    const out: EligibilityRow[] = [];
    const r = newDoseCheckDays();
    const evaluator = createDoseEvaluator(this.c);
    // Windows repeat across a cohort: format each day number once per query.
    const days = new Map<number, string>();
    const day = (d: DayNumber) => {
      let text = days.get(d);
      if (text === undefined) days.set(d, (text = formatIsoDate(Math.min(d, FAR_FUTURE))));
      return text;
    };
    for (const e of this.entries) {
      if (q.ward !== undefined && e.wardCode !== q.ward) continue;
      if (e.birth < birthFrom || e.birth > birthTo) continue;
      evaluator.check(vi, q.dose, date, -1, e.person, r);
      const status = classify(withoutReasons(r.reasons, IGNORED), r.windowFrom, r.windowTo, r.earliest, date, within);
      if (status === null || !wanted.has(status)) continue;
      const row: { -readonly [K in keyof EligibilityRow]: EligibilityRow[K] } = {
        residentId: e.residentId,
        status,
        window: r.windowFrom === r.windowFrom ? { from: day(r.windowFrom), to: day(r.windowTo) } : null,
        earliest: r.earliest === r.earliest ? day(r.earliest) : null,
        noMail: e.noMail,
      };
      if (e.wardCode !== undefined) row.wardCode = e.wardCode;
      if (e.mailReturned !== undefined) row.mailReturned = e.mailReturned;
      out.push(row);
    }
    return out;
  }
}

/** due / closing / upcoming / missed / complete, or null when the resident is not (or not yet) a target. */
export function classify(reasons: ReasonMask, from: number, to: number, earliest: number, date: number, within: number): EligibilityStatus | null {
  if (hasAnyReason(reasons, COMPLETE)) return 'complete';
  if (!(from === from)) return null; // no legal window for this person
  if (reasons === NO_REASONS) return to - date < within ? 'closing' : 'due';
  if (hasAnyReason(reasons, REASON_BIT['too-late']) && to < date) return 'missed';
  if (earliest === earliest && earliest > date) return earliest - date <= within ? 'upcoming' : null;
  return null;
}

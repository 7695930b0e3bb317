import { produce } from '../immer.ts';
import type { Sex } from '@vaxledger/domain';
import { docKey, type Projection } from '../projection.ts';

export interface EligibilityDose {
  readonly recordId: string;
  readonly vaccine: string;
  readonly dose: number;
  readonly date: string;
  readonly product?: string;
}

/**
 * What the schedule law needs to know about a resident: birth date, sex, residence, the doses in force and the
 * recorded conditions. Facts only: windows and statuses depend on the evaluation date and the rule set, so they are
 * computed at query time, and an untouched projection verifies on any day.
 */
export interface EligibilityDoc {
  readonly tenant: string;
  readonly residentId: string;
  readonly registered: boolean;
  readonly birthDate?: string;
  readonly sex?: Sex;
  readonly wardCode?: string;
  readonly status: 'resident' | 'moved-out' | 'died' | 'cancelled' | 'unregistered';
  /** 送付除外: no mailings. */
  readonly mailingExcluded: boolean;
  /** 住基閲覧注意: the address is protected (e.g. DV support). Both keep a resident out of notice runs. */
  readonly addressRestricted: boolean;
  readonly doses: readonly EligibilityDose[];
  readonly conditions: readonly string[];
  /**
   * Special statuses recorded with a period (長期療養, 被災, 免除), `to` absent while one lasts. A long-term illness also
   * shows in `conditions`, as the schedule reads it: 'long-term-illness' while it lasts, 'long-term-illness:<the day
   * it ended>' after.
   */
  readonly periods?: readonly { readonly kind: string; readonly from: string; readonly to?: string }[];
  /** The latest 風しん抗体検査 (by test date); an insufficient one shows in `conditions` as 'antibody-insufficient:<date>'. */
  readonly antibody?: { readonly date: string; readonly result: 'sufficient' | 'insufficient' };
  /** 利用停止: left out of extraction (notices are not a legal duty of the person's record). */
  readonly suspended?: boolean;
  /**
   * 不達: mail to the person came back (the form, and when), and nothing was mailed to them since nor their address
   * changed: flagged for the next run.
   */
  readonly mailReturned?: { readonly formNumber: string; readonly on: string };
}

const ANTIBODY = 'antibody-insufficient';
const LONG_TERM = 'long-term-illness';

/**
 * The schedule's long-term illness condition from the recorded periods: undated while one lasts (the 特例 runs to the
 * upper age), else dated by the latest day one ended (the 特例 runs 2年 from it). Without periods, as recorded.
 */
function withLongTermIllness(conditions: string[], periods: readonly { kind: string; from: string; to?: string }[]): string[] {
  const longTerm = periods.filter((p) => p.kind === LONG_TERM);
  if (longTerm.length === 0) return conditions;
  const others = conditions.filter((c) => c !== LONG_TERM && !c.startsWith(`${LONG_TERM}:`));
  const lasting = longTerm.some((p) => p.to === undefined);
  const lastEnd = longTerm.map((p) => p.to ?? '').sort().at(-1)!;
  return [...others, lasting ? LONG_TERM : `${LONG_TERM}:${lastEnd}`];
}

/** A person's facts as the projection keeps them: their doses are documents of their own. */
export type EligibilityPersonDoc = Omit<EligibilityDoc, 'doses'>;

/** One dose in force, as the projection keeps it; `position` (where it was recorded) keeps a person's doses in order. */
export interface EligibilityDoseDoc extends EligibilityDose {
  readonly residentId: string;
  readonly position: number;
}

export const EMPTY_ELIGIBILITY = (tenant: string, residentId: string): EligibilityPersonDoc => ({
  tenant, residentId, registered: false, status: 'unregistered', mailingExcluded: false, addressRestricted: false, conditions: [],
});

/** A person's doses share the prefix `tenant/residentId/`, under the person's own document `tenant/residentId`. */
export const eligibilityDosePrefix = (tenant: string, residentId: string) => docKey(tenant, `${residentId}/`);
const doseKey = (tenant: string, residentId: string, recordId: string) => docKey(tenant, `${residentId}/${recordId}`);

const isDoseEvent = (type: string) => type === 'VaccinationRecorded' || type === 'VaccinationCorrected' || type === 'VaccinationVoided';

/**
 * A document per person and one per dose in force, so that a vaccination writes its own small document rather than
 * the person's whole history again (see the ledger: in a city's rebuild that rewriting was most of the work). Read
 * them assembled, as {@link EligibilityDoc}s (eligibility-docs.ts).
 */
export const eligibilityProjection: Projection<EligibilityPersonDoc | EligibilityDoseDoc> = {
  name: 'eligibility',
  // 3: doses as documents of their own (2 kept them in the person's document).
  version: 3,
  keysOf(e) {
    const type = e.event.type;
    if (type === 'RecordViewed' || type === 'AccessDenied' || type === 'Erased') return [];
    const data = e.event.data as { residentId?: unknown; recordId?: unknown };
    if (typeof data.residentId !== 'string') return [];
    if (isDoseEvent(type)) return [doseKey(e.tenant, data.residentId, data.recordId as string)];
    return [docKey(e.tenant, data.residentId)];
  },
  dropsOf(e) {
    return e.event.type === 'SubjectErased' ? [eligibilityDosePrefix(e.tenant, e.event.data.residentId)] : [];
  },
  evolve(doc, e) {
    const ev = e.event;
    if (ev.type === 'SubjectErased') return undefined;
    if (ev.type === 'Erased' || !('residentId' in ev.data) || typeof ev.data.residentId !== 'string') return doc;
    switch (ev.type) {
      case 'VaccinationRecorded':
        return {
          residentId: ev.data.residentId, recordId: ev.data.recordId, vaccine: ev.data.vaccine, dose: ev.data.dose, date: ev.data.date,
          ...(ev.data.product ? { product: ev.data.product } : {}), position: e.position,
        };
      case 'VaccinationCorrected': {
        if (doc === undefined) return doc;
        const c = ev.data.changes;
        return {
          ...(doc as EligibilityDoseDoc),
          ...(c.vaccine !== undefined ? { vaccine: c.vaccine } : {}), ...(c.dose !== undefined ? { dose: c.dose } : {}),
          ...(c.date !== undefined ? { date: c.date } : {}), ...(c.product !== undefined ? { product: c.product } : {}),
        };
      }
      case 'VaccinationVoided':
        return undefined;
    }
    const base = (doc as EligibilityPersonDoc | undefined) ?? EMPTY_ELIGIBILITY(e.tenant, ev.data.residentId);
    return produce(base, (d) => {
      switch (ev.type) {
        case 'ResidentRegistered':
          d.registered = true;
          d.status = 'resident';
          d.birthDate = ev.data.birthDate;
          d.sex = ev.data.sex;
          if (ev.data.wardCode !== undefined) d.wardCode = ev.data.wardCode;
          d.mailingExcluded = ev.data.mailingExcluded ?? false;
          d.addressRestricted = ev.data.addressDisclosureRestricted ?? false;
          break;
        case 'ResidentDetailsChanged': {
          const c = ev.data.changes;
          if (c.birthDate !== undefined) d.birthDate = c.birthDate;
          if (c.sex !== undefined) d.sex = c.sex;
          if (c.wardCode !== undefined) d.wardCode = c.wardCode;
          if (c.mailingExcluded !== undefined) d.mailingExcluded = c.mailingExcluded;
          if (c.addressDisclosureRestricted !== undefined) d.addressRestricted = c.addressDisclosureRestricted;
          // A new address: the next mailing goes there, so the mail that came back no longer says it will.
          if (c.address !== undefined || c.postalCode !== undefined) delete d.mailReturned;
          break;
        }
        case 'ResidentMovedOut':
          d.status = 'moved-out';
          break;
        case 'ResidentMovedIn':
          d.status = 'resident';
          break;
        case 'ResidentDied':
          d.status = 'died';
          break;
        case 'ResidentRecordCancelled':
          d.status = 'cancelled';
          break;
        case 'ConditionRecorded':
          if (ev.data.from !== undefined) {
            (d.periods ??= []).push({ kind: ev.data.condition, from: ev.data.from, ...(ev.data.to === undefined ? {} : { to: ev.data.to }) });
            d.conditions = withLongTermIllness(d.conditions, d.periods);
          } else if (!d.conditions.includes(ev.data.condition)) d.conditions.push(ev.data.condition);
          break;
        case 'ConditionEnded':
          for (const p of d.periods ?? []) if (p.kind === ev.data.condition && p.to === undefined) p.to = ev.data.on;
          d.conditions = withLongTermIllness(d.conditions, d.periods ?? []);
          break;
        case 'ConditionWithdrawn':
          d.conditions = d.conditions.filter((c) => c !== ev.data.condition && !c.startsWith(`${ev.data.condition}:`));
          if (d.periods) d.periods = d.periods.filter((p) => p.kind !== ev.data.condition);
          break;
        case 'AntibodyTestRecorded':
          // The latest test decides: a later sufficient result ends an earlier insufficient one's target status.
          if (d.antibody && d.antibody.date > ev.data.date) break;
          d.antibody = { date: ev.data.date, result: ev.data.result };
          d.conditions = d.conditions.filter((c) => c !== ANTIBODY && !c.startsWith(`${ANTIBODY}:`));
          if (ev.data.result === 'insufficient') d.conditions.push(`${ANTIBODY}:${ev.data.date}`);
          break;
        case 'UseSuspended':
          d.suspended = true;
          break;
        case 'FormReturned':
          d.mailReturned = { formNumber: ev.data.formNumber, on: ev.data.returnedOn };
          break;
        case 'FormMailed':
          if (d.mailReturned && ev.data.mailedOn > d.mailReturned.on) delete d.mailReturned;
          break;
      }
    });
  },
};

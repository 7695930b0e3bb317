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
  /** 利用停止: left out of extraction (notices are not a legal duty of the person's record). */
  readonly suspended?: boolean;
}

const EMPTY = (tenant: string, residentId: string): EligibilityDoc => ({
  tenant, residentId, registered: false, status: 'unregistered', mailingExcluded: false, addressRestricted: false, doses: [], conditions: [],
});

export const eligibilityProjection: Projection<EligibilityDoc> = {
  name: 'eligibility',
  version: 2,
  keysOf(e) {
    const data = e.event.data as { residentId?: unknown };
    if (e.event.type === 'RecordViewed' || e.event.type === 'AccessDenied' || e.event.type === 'Erased') return [];
    return typeof data.residentId === 'string' ? [docKey(e.tenant, data.residentId)] : [];
  },
  evolve(doc, e) {
    const ev = e.event;
    if (ev.type === 'SubjectErased') return undefined;
    if (ev.type === 'Erased' || !('residentId' in ev.data) || typeof ev.data.residentId !== 'string') return doc;
    const base = doc ?? EMPTY(e.tenant, ev.data.residentId);
    if (ev.type === 'VaccinationRecorded') {
      // Most events in a store are this one: appending to the list with a spread costs a tenth of an immer draft.
      const dose: EligibilityDose = { recordId: ev.data.recordId, vaccine: ev.data.vaccine, dose: ev.data.dose, date: ev.data.date, ...(ev.data.product ? { product: ev.data.product } : {}) };
      return { ...base, doses: [...base.doses, dose] };
    }
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
        case 'VaccinationCorrected': {
          const dose = d.doses.find((x) => x.recordId === ev.data.recordId);
          if (!dose) break;
          const c = ev.data.changes;
          if (c.vaccine !== undefined) dose.vaccine = c.vaccine;
          if (c.dose !== undefined) dose.dose = c.dose;
          if (c.date !== undefined) dose.date = c.date;
          if (c.product !== undefined) dose.product = c.product;
          break;
        }
        case 'VaccinationVoided':
          d.doses = d.doses.filter((x) => x.recordId !== ev.data.recordId);
          break;
        case 'ConditionRecorded':
          if (!d.conditions.includes(ev.data.condition)) d.conditions.push(ev.data.condition);
          break;
        case 'ConditionWithdrawn':
          d.conditions = d.conditions.filter((c) => c !== ev.data.condition);
          break;
        case 'UseSuspended':
          d.suspended = true;
          break;
      }
    });
  },
};

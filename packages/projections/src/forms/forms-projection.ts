import { produce } from '../immer.ts';
import type { NoticeKind, Vaccine } from '@vaxledger/domain';
import type { Projection } from '../projection.ts';
import { formEventOf, formKey, formNumberOfKey, formsPrefix } from './form-events-view.ts';

/**
 * 予診票: one form, as issued and as it stands. Only what the events keep in clear (ids, the run, the vaccine and dose
 * the run was for, the reissue count and dates): the person's own facts about it (why, print, mail, 不達) are in the
 * sealed form-mail projection.
 */
export interface FormDoc {
  readonly tenant: string;
  /** 予診票番号, with its check character. */
  readonly formNumber: string;
  /** 印刷連番. */
  readonly serial: number;
  readonly residentId: string;
  readonly runId: string;
  /** The run's kind (absent on a reissued form: its run is named). */
  readonly kind?: NoticeKind;
  readonly vaccine: Vaccine;
  readonly dose: number;
  readonly issuedAt: string;
  readonly status: 'valid' | 'invalidated' | 'voided';
  /** 予診票再発行枚数: how many reissues led to this form (0: the run's own); 予診票再発行フラグ is this > 0. */
  readonly reissueCount: number;
  /** 予診票再発行日 of this form. */
  readonly reissuedOn?: string;
  /** The form this one replaced, and the one that replaced it. */
  readonly replaces?: string;
  readonly replacedBy?: string;
  /** When it became invalid (reissued) or was voided (JST dates). */
  readonly invalidatedOn?: string;
  readonly voidedOn?: string;
}

const serialOf = (formNumber: string) => Number(formNumber.slice(0, 10));

export const formsProjection: Projection<FormDoc> = {
  name: 'forms',
  version: 1,
  keysOf(e) {
    const found = formEventOf(e);
    if (!found) return [];
    const { view } = found;
    switch (view.type) {
      case 'NoticesIssued':
        return view.data.forms.map((f) => formKey(e.tenant, f.residentId, f.formNumber));
      case 'FormReissued':
        return [formKey(e.tenant, view.data.residentId, view.data.formNumber), formKey(e.tenant, view.data.residentId, view.data.newFormNumber)];
      case 'FormVoided':
        return [formKey(e.tenant, view.data.residentId, view.data.formNumber)];
      default:
        return [];
    }
  },
  dropsOf(e) {
    return e.event.type === 'SubjectErased' ? [formsPrefix(e.tenant, e.event.data.residentId)] : [];
  },
  evolve(doc, e, key) {
    const found = formEventOf(e);
    if (!found) return doc;
    const { view } = found;
    const formNumber = formNumberOfKey(key);
    if (view.type === 'NoticesIssued') {
      const residentId = key.slice(e.tenant.length + 1, key.lastIndexOf('/'));
      return {
        tenant: e.tenant, formNumber, serial: serialOf(formNumber), residentId, runId: view.data.runId, kind: view.data.kind,
        vaccine: view.data.criteria.vaccine, dose: view.data.criteria.dose, issuedAt: e.recordedAt, status: 'valid', reissueCount: 0,
      };
    }
    if (view.type === 'FormReissued' && formNumber === view.data.newFormNumber) {
      const d = view.data;
      return {
        tenant: e.tenant, formNumber, serial: serialOf(formNumber), residentId: d.residentId, runId: d.runId, vaccine: d.vaccine, dose: d.dose,
        issuedAt: e.recordedAt, status: 'valid', reissueCount: d.reissueCount, reissuedOn: d.reissuedOn, replaces: d.formNumber,
      };
    }
    if (!doc) return doc;
    return produce(doc, (d) => {
      if (view.type === 'FormReissued') {
        d.status = 'invalidated';
        d.replacedBy = view.data.newFormNumber;
        d.invalidatedOn = view.data.reissuedOn;
      } else if (view.type === 'FormVoided') {
        d.status = 'voided';
        d.voidedOn = view.data.voidedOn;
      }
    });
  },
};

/** Which person a 予診票番号 was issued to: the index a slip's number and a clerk's command are looked up by (ids only). */
export interface FormNumberDoc {
  readonly formNumber: string;
  readonly residentId: string;
}

export const formNumbersProjection: Projection<FormNumberDoc> = {
  name: 'form-numbers',
  version: 1,
  keysOf(e) {
    const found = formEventOf(e);
    if (!found) return [];
    const { view } = found;
    if (view.type === 'NoticesIssued') return view.data.forms.map((f) => `${e.tenant}/${f.formNumber}`);
    if (view.type === 'FormReissued') return [`${e.tenant}/${view.data.newFormNumber}`];
    return [];
  },
  evolve(doc, e, key) {
    const found = formEventOf(e);
    if (!found) return doc;
    const { view } = found;
    const formNumber = key.slice(e.tenant.length + 1);
    if (view.type === 'NoticesIssued') {
      const form = view.data.forms[serialOf(formNumber) - view.data.formSerialFrom];
      return form?.formNumber === formNumber ? { formNumber, residentId: form.residentId } : doc;
    }
    if (view.type === 'FormReissued') return { formNumber, residentId: view.data.residentId };
    return doc;
  },
};

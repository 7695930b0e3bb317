import { docKey, type ProjectedEvent, type Projection } from '../projection.ts';

/** 予診のみ: one examination that ended without a vaccination, as claims read it. The person's: sealed at rest like their ledger. */
export interface ExaminationDoc {
  readonly tenant: string;
  readonly residentId: string;
  readonly recordId: string;
  readonly vaccine: string;
  readonly dose: number;
  readonly date: string;
  readonly clinicNo?: string;
  readonly reason: string;
  readonly recordedAt: string;
}

export const examinationKey = (tenant: string, residentId: string, recordId: string) => docKey(tenant, `${residentId}/${recordId}`);

export const examinationsProjection: Projection<ExaminationDoc> = {
  name: 'examinations',
  version: 1,
  keysOf(e: ProjectedEvent) {
    return e.event.type === 'ExaminationRecorded' ? [examinationKey(e.tenant, e.event.data.residentId, e.event.data.recordId)] : [];
  },
  dropsOf(e: ProjectedEvent) {
    return e.event.type === 'SubjectErased' ? [docKey(e.tenant, `${e.event.data.residentId}/`)] : [];
  },
  evolve(doc, e) {
    if (e.event.type !== 'ExaminationRecorded') return doc;
    const { recordId, residentId, vaccine, dose, date, clinicNo, reason } = e.event.data;
    return { tenant: e.tenant, residentId, recordId, vaccine, dose, date, ...(clinicNo === undefined ? {} : { clinicNo }), reason, recordedAt: e.recordedAt };
  },
};

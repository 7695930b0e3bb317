import { produce } from '../immer.ts';
import type { EventOf, RequestLetterStatus, ReturnBy } from '@vaxledger/domain';
import { docKey, type ProjectedEvent, type Projection } from '../projection.ts';

/** One issue of a letter (its first, or a reissue with its reason). */
export interface LetterIssue {
  readonly documentNumber: string;
  readonly approvalNumber: string;
  readonly issuedOn: string;
  readonly contact?: string;
  readonly reissueReason?: string;
  readonly at: string;
}

/** A request letter (依頼書) and where it stands: what it asks, its issues, the outside dose, the reimbursement. */
export interface RequestLetterDoc {
  readonly tenant: string;
  readonly letterId: string;
  readonly residentId: string;
  readonly vaccine: string;
  readonly dose: number;
  readonly status: RequestLetterStatus;
  readonly lodgedOn: string;
  readonly stayAddress: string;
  readonly stayPostalCode?: string;
  readonly stayPhone?: string;
  readonly reason: string;
  readonly clinicName: string;
  readonly returnTo?: string;
  readonly returnBy: ReturnBy;
  /** Every issue, the first one first; the letter in force is the last. */
  readonly issues: readonly LetterIssue[];
  readonly recordId?: string;
  readonly vaccinatedOn?: string;
  readonly amount?: number;
  readonly paidOn?: string;
}

/** A letter's document is the person's (sealed with their key, ended with their erasure): keyed under their id. */
export const letterKey = (tenant: string, residentId: string, letterId: string) => docKey(tenant, `${residentId}/${letterId}`);
const lettersPrefix = (tenant: string, residentId: string) => docKey(tenant, `${residentId}/`);

type LetterEvent = EventOf<'RequestLetterLodged'> | EventOf<'RequestLetterIssued'> | EventOf<'OutsideVaccinationRecorded'> | EventOf<'ReimbursementPaid'>;

function letterEvent(e: ProjectedEvent): LetterEvent | null {
  switch (e.event.type) {
    case 'RequestLetterLodged':
    case 'RequestLetterIssued':
    case 'OutsideVaccinationRecorded':
    case 'ReimbursementPaid':
      return e.event;
    default:
      // An erased person's letter events no longer open: the person's erasure ended the document (dropsOf).
      return null;
  }
}

export const lettersProjection: Projection<RequestLetterDoc> = {
  name: 'letters',
  version: 1,
  keysOf(e) {
    const ev = letterEvent(e);
    return ev ? [letterKey(e.tenant, ev.data.residentId, ev.data.letterId)] : [];
  },
  dropsOf(e) {
    return e.event.type === 'SubjectErased' ? [lettersPrefix(e.tenant, e.event.data.residentId)] : [];
  },
  evolve(doc, e) {
    const ev = letterEvent(e);
    if (!ev) return doc;
    if (ev.type === 'RequestLetterLodged') {
      const { letterId: _l, residentId, ...rest } = ev.data;
      return { tenant: e.tenant, letterId: ev.data.letterId, residentId, status: 'lodged', issues: [], ...rest };
    }
    if (!doc) return doc;
    return produce(doc, (d) => {
      switch (ev.type) {
        case 'RequestLetterIssued': {
          const { letterId: _l, residentId: _r, ...issue } = ev.data;
          d.status = 'issued';
          d.issues.push({ ...issue, at: e.recordedAt });
          break;
        }
        case 'OutsideVaccinationRecorded':
          d.status = 'recorded';
          d.recordId = ev.data.recordId;
          d.vaccinatedOn = ev.data.vaccinatedOn;
          break;
        case 'ReimbursementPaid':
          d.status = 'reimbursed';
          d.amount = ev.data.amount;
          d.paidOn = ev.data.paidOn;
          break;
      }
    });
  },
};

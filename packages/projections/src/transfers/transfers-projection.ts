import { produce } from '../immer.ts';
import { docKey, type Projection } from '../projection.ts';

/** One inquiry sent about a mover (情報照会), and what its answers brought. */
export interface TransferInquiry {
  readonly inquiryId: string;
  readonly toMunicipality: string;
  /** The 統合宛名番号 the inquiry was sent under: what the answer's records are matched on. */
  readonly integratedAddresseeNo: string;
  readonly sentAt: string;
  readonly position: number;
  /** Answer files imported for it, and the records they recorded or held. */
  readonly answers: number;
  readonly recorded: number;
  readonly held: number;
}

/**
 * 転入者の接種歴照会: a person who moved in (how, from where) and the inquiries sent about them. Sealed with the
 * person's key like the rest of their registry facts. The work queue is those whose latest arrival has no inquiry after it.
 */
export interface TransferDoc {
  readonly tenant: string;
  readonly residentId: string;
  /** The latest 転入 (absent when the only facts are inquiries: a registration from before arrivals were kept). */
  readonly arrival?: {
    readonly on?: string;
    readonly fromMunicipality?: string;
    readonly fromAbroad?: true;
    readonly position: number;
  };
  readonly inquiries: readonly TransferInquiry[];
}

/** Whether the person's latest arrival still waits for an inquiry (a move from abroad has nobody to ask). */
export function awaitsInquiry(doc: TransferDoc): boolean {
  const arrival = doc.arrival;
  return arrival !== undefined && arrival.fromAbroad !== true && !doc.inquiries.some((i) => i.position > arrival.position);
}

const empty = (tenant: string, residentId: string): TransferDoc => ({ tenant, residentId, inquiries: [] });

export const transfersProjection: Projection<TransferDoc> = {
  name: 'transfers',
  version: 1,
  keysOf(e) {
    const ev = e.event;
    switch (ev.type) {
      case 'ResidentRegistered':
        return ev.data.movedIn ? [docKey(e.tenant, ev.data.residentId)] : [];
      case 'ResidentMovedIn':
      case 'InquirySent':
      case 'InquiryAnswered':
      case 'SubjectErased':
        return [docKey(e.tenant, ev.data.residentId)];
      default:
        return [];
    }
  },
  evolve(doc, e) {
    const ev = e.event;
    // Erasure: nothing of the person stays (their key is gone).
    if (ev.type === 'SubjectErased') return undefined;
    if (ev.type === 'InquiryAnswered' && !doc) return doc;
    const base = doc ?? empty(e.tenant, (ev.data as { residentId: string }).residentId);
    return produce(base, (d) => {
      switch (ev.type) {
        case 'ResidentRegistered': {
          const m = ev.data.movedIn!;
          d.arrival = { ...(m.on ? { on: m.on } : {}), ...(m.fromMunicipality ? { fromMunicipality: m.fromMunicipality } : {}), ...(m.fromAbroad ? { fromAbroad: true } : {}), position: e.position };
          break;
        }
        case 'ResidentMovedIn':
          d.arrival = {
            on: ev.data.movedInOn, ...(ev.data.fromMunicipality ? { fromMunicipality: ev.data.fromMunicipality } : {}),
            ...(ev.data.fromAbroad ? { fromAbroad: true } : {}), position: e.position,
          };
          break;
        case 'InquirySent':
          d.inquiries.push({
            inquiryId: ev.data.inquiryId, toMunicipality: ev.data.toMunicipality, integratedAddresseeNo: ev.data.integratedAddresseeNo,
            sentAt: e.recordedAt, position: e.position, answers: 0, recorded: 0, held: 0,
          });
          break;
        case 'InquiryAnswered': {
          const inquiry = d.inquiries.find((i) => i.inquiryId === ev.data.inquiryId);
          if (inquiry) {
            inquiry.answers += 1;
            inquiry.recorded += ev.data.recorded;
            inquiry.held += ev.data.held;
          }
          break;
        }
      }
    });
  },
};

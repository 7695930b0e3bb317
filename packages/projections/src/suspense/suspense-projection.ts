import { produce } from '../immer.ts';
import type { AnsweredRecord, HoldReason, Slip } from '@vaxledger/domain';
import { docKey, type Projection } from '../projection.ts';

/** 疑義: one document per held slip, with why it was held and how it was resolved. */
export interface SuspenseDoc {
  readonly tenant: string;
  readonly slipId: string;
  readonly batchId: string;
  readonly line: number;
  readonly reason: HoldReason;
  readonly mismatchedItems?: readonly string[];
  /** The clinic slip or VRS row held; absent for a held record of an inquiry's answer (see `answer`). */
  readonly slip?: Slip;
  /** A record of another municipality's answer to an inquiry, held (source `other-municipality`). */
  readonly answer?: AnsweredRecord;
  /** The inquiry a held answer record came for, when one was found, and the resident it asked about. */
  readonly inquiryId?: string;
  readonly inquiredResidentId?: string;
  /** Set when the row came from a VRS download or an inquiry's answer rather than a clinic slip. */
  readonly source?: 'vrs' | 'other-municipality';
  readonly heldAt: string;
  readonly status: 'held' | 'matched' | 'rejected';
  readonly resolution?: { readonly residentId?: string; readonly recordId?: string; readonly reason: string; readonly by: string; readonly at: string };
}

export const suspenseProjection: Projection<SuspenseDoc> = {
  name: 'suspense',
  version: 1,
  keysOf(e) {
    if (e.event.type === 'SubjectErased') return e.event.data.slipIds.map((id) => docKey(e.tenant, id));
    return e.event.type === 'SlipHeld' || e.event.type === 'SlipResolved' ? [docKey(e.tenant, e.event.data.slipId)] : [];
  },
  evolve(doc, e) {
    const ev = e.event;
    if (ev.type === 'SubjectErased') return undefined;
    if (ev.type === 'SlipHeld') {
      return {
        tenant: e.tenant, slipId: ev.data.slipId, batchId: ev.data.batchId, line: ev.data.line, reason: ev.data.reason,
        ...(ev.data.mismatchedItems ? { mismatchedItems: ev.data.mismatchedItems } : {}),
        ...(ev.data.slip ? { slip: ev.data.slip } : {}), ...(ev.data.answer ? { answer: ev.data.answer } : {}),
        ...(ev.data.inquiryId ? { inquiryId: ev.data.inquiryId } : {}),
        ...(ev.data.answer && ev.data.namedResidentId ? { inquiredResidentId: ev.data.namedResidentId } : {}),
        ...(ev.data.source ? { source: ev.data.source } : {}), heldAt: e.recordedAt, status: 'held',
      };
    }
    if (ev.type !== 'SlipResolved' || !doc) return doc;
    return produce(doc, (d) => {
      d.status = ev.data.resolution;
      d.resolution = {
        ...(ev.data.residentId ? { residentId: ev.data.residentId } : {}),
        ...(ev.data.recordId ? { recordId: ev.data.recordId } : {}),
        reason: ev.data.reason, by: e.metadata.operatorId, at: e.recordedAt,
      };
    });
  },
};

import { produce } from '../immer.ts';
import type { RequestKind } from '@vaxledger/domain';
import { docKey, type Projection } from '../projection.ts';

/** A person's request and where it stands: lodged, decided, and by when it must be decided. */
export interface RequestDoc {
  readonly tenant: string;
  readonly requestId: string;
  readonly kind: RequestKind;
  readonly residentId: string;
  readonly receivedOn: string;
  readonly deadline: string;
  readonly extensions: readonly { readonly deadline: string; readonly at: string }[];
  readonly status: 'lodged' | 'decided';
  readonly decision?: 'granted' | 'partially-granted' | 'refused';
  readonly decidedOn?: string;
}

export const requestsProjection: Projection<RequestDoc> = {
  name: 'requests',
  version: 1,
  keysOf(e) {
    const t = e.event.type;
    return t === 'RequestLodged' || t === 'RequestDeadlineExtended' || t === 'RequestDecided' ? [docKey(e.tenant, e.event.data.requestId)] : [];
  },
  evolve(doc, e) {
    const ev = e.event;
    if (ev.type === 'RequestLodged') {
      return {
        tenant: e.tenant, requestId: ev.data.requestId, kind: ev.data.kind, residentId: ev.data.residentId,
        receivedOn: ev.data.receivedOn, deadline: ev.data.deadline, extensions: [], status: 'lodged',
      };
    }
    if (!doc) return doc;
    return produce(doc, (d) => {
      if (ev.type === 'RequestDeadlineExtended') {
        d.deadline = ev.data.deadline;
        d.extensions.push({ deadline: ev.data.deadline, at: e.recordedAt });
      } else if (ev.type === 'RequestDecided') {
        d.status = 'decided';
        d.decision = ev.data.decision;
        d.decidedOn = ev.data.decidedOn;
      }
    });
  },
};

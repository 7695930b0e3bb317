import { produce } from '../immer.ts';
import type { RequestKind } from '@vaxledger/domain';
import { docKey, type ProjectedEvent, type Projection } from '../projection.ts';

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

type RequestEvent =
  | { type: 'RequestLodged'; data: { requestId: string; kind: RequestKind; residentId: string; receivedOn: string; deadline: string } }
  | { type: 'RequestDeadlineExtended'; data: { requestId: string; deadline: string } }
  | { type: 'RequestDecided'; data: { requestId: string; decision: 'granted' | 'partially-granted' | 'refused'; decidedOn: string } };

/**
 * A request event, whole or erased: every item this projection uses is kept in clear (ids, kind, dates, decision), so
 * the request stays on the record, identical, after the person is erased.
 */
function asRequestEvent(event: ProjectedEvent['event']): RequestEvent | null {
  const type = event.type === 'Erased' ? event.data.originalType : event.type;
  if (type !== 'RequestLodged' && type !== 'RequestDeadlineExtended' && type !== 'RequestDecided') return null;
  const data = event.type === 'Erased' ? event.data.clear : event.data;
  return { type, data } as RequestEvent;
}

export const requestsProjection: Projection<RequestDoc> = {
  name: 'requests',
  version: 1,
  keysOf(e) {
    const ev = asRequestEvent(e.event);
    return ev ? [docKey(e.tenant, ev.data.requestId)] : [];
  },
  evolve(doc, e) {
    const ev = asRequestEvent(e.event);
    if (!ev) return doc;
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

import { produce } from '../immer.ts';
import type { ResidentDetails } from '@vaxledger/domain';
import { docKey, type Projection } from '../projection.ts';

export type ResidentDocStatus = 'resident' | 'moved-out' | 'died' | 'cancelled';

/** The registry as the ledger knows it: facts only, never a status that depends on today's date. */
export interface ResidentDoc {
  readonly tenant: string;
  readonly residentId: string;
  readonly status: ResidentDocStatus;
  readonly details: ResidentDetails;
  readonly leftOn?: string;
  readonly registeredAt: string;
  /** The revision of the resident's stream: what an import expects when it appends the next change. */
  readonly revision: number;
  /** 利用停止: uses without a legal duty are refused for this person. */
  readonly suspended?: boolean;
}

export const residentsProjection: Projection<ResidentDoc> = {
  name: 'residents',
  version: 3,
  keysOf(e) {
    switch (e.event.type) {
      case 'ResidentRegistered':
      case 'ResidentDetailsChanged':
      case 'ResidentMovedOut':
      case 'ResidentMovedIn':
      case 'ResidentDied':
      case 'ResidentRecordCancelled':
      case 'SubjectErased':
      case 'UseSuspended':
        return [docKey(e.tenant, e.event.data.residentId)];
      default:
        return [];
    }
  },
  evolve(doc, e) {
    const ev = e.event;
    if (ev.type === 'ResidentRegistered') {
      // How a mover arrived is the transfers projection's, not a registry item.
      const { residentId, movedIn: _movedIn, ...details } = ev.data;
      return { tenant: e.tenant, residentId, status: 'resident', details, registeredAt: e.recordedAt, revision: e.revision };
    }
    // Erasure: nothing of the person stays in the projection (their key is gone; the document would be unreadable).
    if (ev.type === 'SubjectErased' || !doc) return undefined;
    return produce(doc, (d) => {
      d.revision = e.revision;
      switch (ev.type) {
        case 'ResidentDetailsChanged':
          Object.assign(d.details, ev.data.changes);
          break;
        case 'ResidentMovedOut':
          d.status = 'moved-out';
          d.leftOn = ev.data.movedOutOn;
          break;
        case 'ResidentMovedIn':
          d.status = 'resident';
          delete d.leftOn;
          d.details.becameResidentOn = ev.data.movedInOn;
          if (ev.data.address) d.details.address = ev.data.address;
          break;
        case 'ResidentDied':
          d.status = 'died';
          d.leftOn = ev.data.diedOn;
          break;
        case 'ResidentRecordCancelled':
          d.status = 'cancelled';
          break;
        case 'UseSuspended':
          d.suspended = true;
          break;
      }
    });
  },
};

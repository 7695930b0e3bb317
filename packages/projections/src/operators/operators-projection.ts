import { produce } from 'immer';
import type { Purpose, Role } from '@vaxledger/domain';
import { docKey, type Projection } from '../projection.ts';

/** Who may act, for what, and when they last did: the basis of the access review (権限の定期的な見直し). */
export interface OperatorDoc {
  readonly tenant: string;
  readonly operatorId: string;
  readonly status: 'active' | 'deactivated' | 'unknown';
  readonly roles: readonly Role[];
  readonly purposes: readonly Purpose[];
  readonly registeredAt?: string;
  readonly lastActedAt?: string;
}

const subjectOf = (e: Parameters<Projection['keysOf']>[0]) =>
  e.event.type === 'OperatorRegistered' || e.event.type === 'OperatorDeactivated' ? e.event.data.operatorId : null;

export const operatorsProjection: Projection<OperatorDoc> = {
  name: 'operators',
  version: 1,
  keysOf(e) {
    // The actor of every event (denials too, so unknown ids show up in a review) and the operator an event is about.
    const actor = docKey(e.tenant, e.metadata.operatorId);
    const subject = subjectOf(e);
    return subject === null || docKey(e.tenant, subject) === actor ? [actor] : [actor, docKey(e.tenant, subject)];
  },
  evolve(doc, e, key) {
    const operatorId = key.slice(e.tenant.length + 1);
    const base: OperatorDoc = doc ?? { tenant: e.tenant, operatorId, status: 'unknown', roles: [], purposes: [] };
    return produce(base, (d) => {
      const ev = e.event;
      if (subjectOf(e) === operatorId) {
        if (ev.type === 'OperatorRegistered') {
          d.status = 'active';
          d.roles = [...ev.data.roles];
          d.purposes = [...ev.data.purposes];
          d.registeredAt = e.recordedAt;
        } else if (ev.type === 'OperatorDeactivated') {
          d.status = 'deactivated';
        }
      }
      if (e.metadata.operatorId === operatorId) d.lastActedAt = e.recordedAt;
    });
  },
};

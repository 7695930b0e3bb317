import { produce } from '../immer.ts';
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
  readonly deactivatedAt?: string;
  /** The last time the operator did anything that was allowed (the access review asks when each id was last used). */
  readonly lastActedAt?: string;
  /** Failed authentications since the last allowed action: repeated failures lock the operator for a while. */
  readonly consecutiveFailures: number;
  readonly lastFailureAt?: string;
}

const subjectOf = (e: Parameters<Projection['keysOf']>[0]) => {
  const t = e.event.type;
  return t === 'OperatorRegistered' || t === 'OperatorDeactivated' || t === 'RoleGranted' || t === 'RoleRevoked' || t === 'OperatorUnlocked'
    ? (e.event.data as { operatorId: string }).operatorId
    : null;
};

export const operatorsProjection: Projection<OperatorDoc> = {
  name: 'operators',
  version: 2,
  keysOf(e) {
    // The actor of every event (denials too, so unknown ids show up in a review) and the operator an event is about.
    const actor = docKey(e.tenant, e.metadata.operatorId);
    const subject = subjectOf(e);
    return subject === null || docKey(e.tenant, subject) === actor ? [actor] : [actor, docKey(e.tenant, subject)];
  },
  evolve(doc, e, key) {
    const operatorId = key.slice(e.tenant.length + 1);
    const base: OperatorDoc = doc ?? { tenant: e.tenant, operatorId, status: 'unknown', roles: [], purposes: [], consecutiveFailures: 0 };
    return produce(base, (d) => {
      const ev = e.event;
      if (subjectOf(e) === operatorId) {
        if (ev.type === 'OperatorRegistered') {
          d.status = 'active';
          d.roles = [...ev.data.roles];
          d.purposes = [...ev.data.purposes];
          d.registeredAt = e.recordedAt;
        } else if (ev.type === 'RoleGranted') {
          d.roles.push(...ev.data.roles);
          d.purposes.push(...ev.data.purposes);
        } else if (ev.type === 'RoleRevoked') {
          d.roles = d.roles.filter((r) => !ev.data.roles.includes(r));
          d.purposes = d.purposes.filter((p) => !ev.data.purposes.includes(p));
        } else if (ev.type === 'OperatorDeactivated') {
          d.status = 'deactivated';
          d.deactivatedAt = e.recordedAt;
        } else if (ev.type === 'OperatorUnlocked') {
          d.consecutiveFailures = 0;
        }
      }
      if (e.metadata.operatorId !== operatorId) return;
      if (ev.type === 'AccessDenied') {
        if (ev.data.reason === 'authentication-failed') {
          d.consecutiveFailures += 1;
          d.lastFailureAt = e.recordedAt;
        }
      } else {
        d.lastActedAt = e.recordedAt;
        d.consecutiveFailures = 0;
      }
    });
  },
};

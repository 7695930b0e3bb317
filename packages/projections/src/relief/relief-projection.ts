import { produce } from '../immer.ts';
import type { ReliefBenefit, ReliefClass, ReliefDecision, ReliefIdentityDocument, ReliefStatus, Vaccine } from '@vaxledger/domain';
import { docKey, type ProjectedEvent, type Projection } from '../projection.ts';

/** A relief claim (健康被害救済) and where it stands. Sealed with the person's key, as the events it comes from. */
export interface ReliefCaseDoc {
  readonly tenant: string;
  readonly caseId: string;
  readonly residentId: string;
  readonly recordId: string;
  readonly vaccine: Vaccine;
  readonly reliefClass: ReliefClass;
  readonly benefit: ReliefBenefit;
  readonly receivedOn: string;
  readonly identityDocument: ReliefIdentityDocument;
  /** The blind index of the 個人番号 given (never shown: it only recognizes the same number again). */
  readonly myNumberIndex: string;
  /** Earlier cases lodged with the same 個人番号. */
  readonly earlierCaseIds: readonly string[];
  readonly status: ReliefStatus;
  readonly forwardedOn?: string;
  readonly decision?: ReliefDecision;
  readonly notifiedOn?: string;
  readonly payments: ReadonlyArray<{ readonly amount: number; readonly paidOn: string }>;
}

/** The key of one case's document; a person's documents share the prefix {@link reliefPrefix} (erasure drops them). */
export const reliefCaseKey = (tenant: string, residentId: string, caseId: string) => docKey(tenant, `${residentId}/${caseId}`);
export const reliefPrefix = (tenant: string, residentId: string) => docKey(tenant, `${residentId}/`);

const RELIEF_EVENTS: ReadonlySet<string> = new Set(['ReliefLodged', 'ReliefForwarded', 'ReliefDecided', 'ReliefPaid']);

export const reliefProjection: Projection<ReliefCaseDoc> = {
  name: 'relief',
  version: 1,
  keysOf(e) {
    // An erased case is dropped with the person (dropsOf); its remains are not projected again.
    if (!RELIEF_EVENTS.has(e.event.type)) return [];
    const d = e.event.data as { residentId: string; caseId: string };
    return [reliefCaseKey(e.tenant, d.residentId, d.caseId)];
  },
  dropsOf(e: ProjectedEvent) {
    return e.event.type === 'SubjectErased' ? [reliefPrefix(e.tenant, e.event.data.residentId)] : [];
  },
  evolve(doc, e) {
    const ev = e.event;
    if (ev.type === 'ReliefLodged') {
      return { tenant: e.tenant, ...ev.data, earlierCaseIds: [...ev.data.earlierCaseIds], status: 'lodged', payments: [] };
    }
    if (doc === undefined) return doc;
    return produce(doc, (d) => {
      if (ev.type === 'ReliefForwarded') {
        d.status = 'forwarded';
        d.forwardedOn = ev.data.forwardedOn;
      } else if (ev.type === 'ReliefDecided') {
        d.status = ev.data.decision;
        d.decision = ev.data.decision;
        d.notifiedOn = ev.data.notifiedOn;
      } else if (ev.type === 'ReliefPaid') {
        d.payments.push({ amount: ev.data.amount, paidOn: ev.data.paidOn });
      }
    });
  },
};

import { PROVISION_RULES, type ProvisionBasis, type ProvisionItem, type ProvisionKind, type ProvisionRecipient, type Purpose } from '@vaxledger/domain';
import { docKey, type ProjectedEvent, type Projection } from '../projection.ts';

/**
 * 提供の記録: one thing the engine handed out about one person — to whom, which items, when, why and on whose decision.
 * The items, recipient and basis are the catalogue's (PROVISION_RULES) for the kind, as it stood when the projection
 * was built; the rest comes from the event and its metadata.
 */
export interface ProvisionDoc {
  readonly tenant: string;
  readonly residentId: string;
  readonly kind: ProvisionKind;
  /** The id of what was handed out: the export, certificate, notice run or request. */
  readonly provisionId: string;
  readonly recipient: ProvisionRecipient;
  readonly items: readonly ProvisionItem[];
  /** When it was put on the record (ISO 8601 UTC; shown in JST). */
  readonly at: string;
  readonly position: number;
  /** The affair it served (the event's purpose) and the law behind it. */
  readonly purpose: Purpose;
  readonly basis: ProvisionBasis;
  /** Who decided it: the operator of the event. */
  readonly operatorId: string;
  /** What the kind adds: the notice and its vaccine, the records certified, the decision disclosed, a full export. */
  readonly detail: ProvisionDetail;
}

export interface ProvisionDetail {
  readonly full?: boolean;
  readonly noticeKind?: string;
  readonly vaccine?: string;
  readonly dose?: number;
  readonly records?: number;
  readonly identityDocument?: string;
  readonly decision?: string;
  /** An inquiry: the municipality asked (全国地方公共団体コード). */
  readonly toMunicipality?: string;
  /** A request letter: its 文書番号, and whether this issue was a reissue. */
  readonly documentNumber?: string;
  readonly reissue?: boolean;
  /** A certificate's form (text, json, shc: a signed SMART Health Card) and the names of the passport items on it. */
  readonly format?: string;
  readonly passportItems?: readonly string[];
  /** A print file handed to a contractor (委託): whom, for which notice run, and why it was sent again if it was. */
  readonly contractorId?: string;
  readonly runId?: string;
  readonly again?: string;
}

/**
 * A disclosure request lodged and not yet decided: kept so that its decision (which does not repeat the request's
 * kind) can be told apart from a correction's or a suspension's. Not a provision; {@link provisionsOf} leaves it out.
 */
export interface PendingDisclosureDoc {
  readonly tenant: string;
  readonly residentId: string;
  readonly pendingDisclosure: string;
}

export type ProvisionsProjectionDoc = ProvisionDoc | PendingDisclosureDoc;

/** A person's documents share the prefix {@link provisionsPrefix}, so their erasure ends them all at once. */
export const provisionsPrefix = (tenant: string, residentId: string) => docKey(tenant, `${residentId}/`);
const provisionKey = (tenant: string, residentId: string, kind: ProvisionKind, id: string) => docKey(tenant, `${residentId}/${kind}:${id}`);

/** The events that hand something out, with the persons they concern and the provision's id. */
function provisionOf(e: ProjectedEvent): { kind: ProvisionKind; id: string; residentIds: readonly string[]; keyId?: string } | null {
  const ev = e.event;
  switch (ev.type) {
    case 'CopiesExported':
      // A split export repeats its header in every part; each part names its own persons.
      return { kind: 'copies', id: ev.data.exportId, residentIds: ev.data.residentIds };
    case 'CertificateIssued':
      return { kind: 'certificate', id: ev.data.certificateId, residentIds: [ev.data.residentId] };
    case 'NoticesIssued':
      return { kind: 'notices', id: ev.data.runId, residentIds: ev.data.residentIds };
    case 'RequestLodged':
    case 'RequestDecided':
      return { kind: 'disclosure', id: ev.data.requestId, residentIds: [ev.data.residentId] };
    case 'InquirySent':
      return { kind: 'inquiry', id: ev.data.inquiryId, residentIds: [ev.data.residentId] };
    case 'ReliefForwarded':
      return { kind: 'relief-forward', id: ev.data.caseId, residentIds: [ev.data.residentId] };
    case 'RequestLetterIssued':
      // Each issue of the letter is a provision of its own (a reissue hands the items out again).
      return { kind: 'request-letter', id: ev.data.letterId, residentIds: [ev.data.residentId], keyId: `${ev.data.letterId}.${e.revision}` };
    case 'EntrustmentProvided':
      // A split file repeats its header in every part; each part names its own persons.
      return { kind: 'entrustment', id: ev.data.entrustmentId, residentIds: ev.data.residentIds };
    default:
      return null;
  }
}

function detailOf(e: ProjectedEvent): ProvisionDetail {
  const ev = e.event;
  switch (ev.type) {
    case 'CopiesExported':
      return { full: ev.data.full };
    case 'CertificateIssued':
      return {
        records: ev.data.recordIds.length, identityDocument: ev.data.identityDocument,
        ...(ev.data.format ? { format: ev.data.format } : {}), ...(ev.data.passport ? { passportItems: Object.keys(ev.data.passport).sort() } : {}),
      };
    case 'NoticesIssued':
      return { noticeKind: ev.data.kind, vaccine: ev.data.criteria.vaccine, dose: ev.data.criteria.dose };
    case 'RequestDecided':
      return { decision: ev.data.decision };
    case 'InquirySent':
      return { toMunicipality: ev.data.toMunicipality };
    case 'RequestLetterIssued':
      return { documentNumber: ev.data.documentNumber, ...(ev.data.reissueReason ? { reissue: true } : {}) };
    case 'EntrustmentProvided':
      return { contractorId: ev.data.contractorId, runId: ev.data.runId, vaccine: ev.data.vaccine, dose: ev.data.dose, ...(ev.data.again ? { again: ev.data.again } : {}) };
    default:
      return {};
  }
}

/**
 * One document per person and provision, sealed with the person's key like the events it comes from; a person's
 * erasure drops all of theirs. An erased event (its subject's key destroyed) adds nothing: the person is gone.
 */
export const provisionsProjection: Projection<ProvisionsProjectionDoc> = {
  name: 'provisions',
  // 2: inquiries, relief claims sent on and request letters are provisions too. 3: print files handed to a contractor.
  version: 3,
  keysOf(e) {
    const p = provisionOf(e);
    if (!p) return [];
    // Only a disclosure request's lodging starts a document; another kind's is not a provision (its decision finds no
    // document and adds none).
    if (e.event.type === 'RequestLodged' && e.event.data.kind !== 'disclosure') return [];
    return p.residentIds.map((id) => provisionKey(e.tenant, id, p.kind, p.keyId ?? p.id));
  },
  dropsOf(e) {
    return e.event.type === 'SubjectErased' ? [provisionsPrefix(e.tenant, e.event.data.residentId)] : [];
  },
  evolve(doc, e, key) {
    const p = provisionOf(e);
    if (!p) return doc;
    const residentId = key.slice(key.indexOf('/') + 1, key.lastIndexOf('/'));
    if (e.event.type === 'RequestLodged') return { tenant: e.tenant, residentId, pendingDisclosure: p.id };
    if (e.event.type === 'RequestDecided') {
      // Only a disclosure request lodged here is decided into a provision; a refusal hands nothing out.
      if (doc === undefined || !('pendingDisclosure' in doc)) return doc;
      if (e.event.data.decision === 'refused') return undefined;
    } else if (doc !== undefined) {
      return doc; // the same provision seen again (a replayed part): recorded once
    }
    const rule = PROVISION_RULES[p.kind];
    return {
      tenant: e.tenant, residentId, kind: p.kind, provisionId: p.id, recipient: rule.recipient, items: [...rule.items],
      at: e.recordedAt, position: e.position, purpose: e.metadata.purpose, basis: rule.basis, operatorId: e.metadata.operatorId,
      detail: detailOf(e),
    };
  },
};

export const isProvision = (doc: ProvisionsProjectionDoc): doc is ProvisionDoc => !('pendingDisclosure' in doc);

/** A person's provisions from their documents (any order), oldest first. */
export function provisionsOf(docs: Iterable<ProvisionsProjectionDoc>): ProvisionDoc[] {
  return [...docs].filter(isProvision).sort((a, b) => a.position - b.position || a.kind.localeCompare(b.kind));
}

import type { EventType } from '../events/registry.ts';

/**
 * Which events carry personal items, whose they are, and what stays in clear. Everything not listed in `clear` is
 * sealed with the subject's own key (AES-256-GCM), so that destroying that key erases the person wherever the
 * database went. Ids and item *names* stay in clear: the operation log and the chain need them, and they are not the
 * person's data.
 */
export interface SealingRule {
  readonly subject: (data: Record<string, unknown>) => string;
  readonly clear: readonly string[];
}

/** The subject whose key seals a held slip (and its 疑義 document): the slip itself. */
export const heldSlipSubject = (slipId: string): string => `slip-${slipId}`;

const byResident = (clear: readonly string[]): SealingRule => ({ subject: (d) => String(d.residentId), clear });

export const SEALING: Partial<Record<EventType, SealingRule>> = {
  ResidentRegistered: byResident(['residentId']),
  ResidentDetailsChanged: byResident(['residentId']),
  ResidentMovedOut: byResident(['residentId']),
  ResidentMovedIn: byResident(['residentId']),
  ResidentDied: byResident(['residentId']),
  ResidentRecordCancelled: byResident(['residentId']),
  VaccinationRecorded: byResident(['residentId', 'recordId']),
  VaccinationCorrected: byResident(['residentId', 'recordId']),
  VaccinationVoided: byResident(['residentId', 'recordId']),
  // 予診のみ: that the person was examined for a vaccine, and why it was not given, is health information.
  ExaminationRecorded: byResident(['residentId', 'recordId']),
  ConditionRecorded: byResident(['residentId']),
  ConditionWithdrawn: byResident(['residentId']),
  ConditionEnded: byResident(['residentId']),
  // An antibody test is health data: its result, titer, method and number are sealed; its ids stay in clear.
  AntibodyTestRecorded: byResident(['residentId', 'testId']),
  RequestLodged: byResident(['requestId', 'kind', 'residentId', 'receivedOn', 'deadline']),
  RequestDeadlineExtended: byResident(['requestId', 'residentId', 'deadline']),
  RequestDecided: byResident(['requestId', 'residentId', 'decision', 'decidedOn']),
  CertificateIssued: byResident(['certificateId', 'residentId', 'issuedOn', 'recordIds', 'format', 'healthCard']),
  // Whom an inquiry was about (統合宛名番号) and where they lived before (the municipality asked) are the person's.
  InquirySent: byResident(['inquiryId', 'residentId', 'basis', 'fileHash']),
  InquiryAnswered: byResident(['inquiryId', 'residentId', 'batchId', 'recorded', 'held']),
  // A relief claim is health information (the harm, the benefit, the finding, the amounts): only ids and dates stay in
  // clear. The 個人番号's blind index is sealed too, so that erasing the person also forgets that the number was seen.
  ReliefLodged: byResident(['caseId', 'residentId', 'recordId', 'receivedOn']),
  ReliefForwarded: byResident(['caseId', 'residentId', 'forwardedOn']),
  ReliefDecided: byResident(['caseId', 'residentId', 'notifiedOn']),
  ReliefPaid: byResident(['caseId', 'residentId', 'paidOn']),
  // A request letter's stay (滞在先住所・郵便番号・電話番号), reason, clinic and amounts are the person's: sealed with their
  // key, so that their erasure erases the letter too. Its ids, dates and the city's own numbers stay in clear.
  RequestLetterLodged: byResident(['letterId', 'residentId', 'lodgedOn']),
  RequestLetterIssued: byResident(['letterId', 'residentId', 'documentNumber', 'approvalNumber', 'issuedOn']),
  OutsideVaccinationRecorded: byResident(['letterId', 'residentId', 'recordId']),
  ReimbursementPaid: byResident(['letterId', 'residentId']),
  // A held slip is sealed under a key of its own: the 整理番号 it carries may be mistyped (another person's, or no
  // one's), so only the slip's own key can erase it, one slip at a time, whoever it turns out to be about.
  SlipHeld: { subject: (d) => heldSlipSubject(String(d.slipId)), clear: ['slipId', 'batchId', 'line', 'reason', 'namedResidentId'] },
  // Reasons are free text a clerk types, and may name people (「山田さんの申出により」): sealed at rest like any personal
  // item, under keys of their own that no erasure destroys, so that an auditor can still read why an erasure or a
  // deactivation happened.
  SubjectErased: { subject: (d) => `erasure-${String(d.residentId)}`, clear: ['residentId', 'withinRetention', 'slipIds'] },
  OperatorDeactivated: { subject: (d) => `operator-${String(d.operatorId)}`, clear: ['operatorId'] },
  // A form's ids and what identifies it (number, run, vaccine and dose, as the notice run holds them in clear) stay in
  // clear; why it was reissued or voided, and its print, mail and return facts, are the person's.
  FormReissued: byResident(['formNumber', 'newFormNumber', 'residentId', 'runId', 'vaccine', 'dose', 'reissueCount', 'reissuedOn']),
  FormVoided: byResident(['formNumber', 'residentId', 'voidedOn']),
  FormPrinted: byResident(['formNumber', 'residentId']),
  FormMailed: byResident(['formNumber', 'residentId']),
  FormReturned: byResident(['formNumber', 'residentId']),
  SlipResolved: { subject: (d) => (typeof d.residentId === 'string' ? d.residentId : heldSlipSubject(String(d.slipId))), clear: ['slipId', 'resolution', 'residentId', 'recordId'] },
};

const IDS = new Set(['residentId', 'recordId', 'operatorId', 'slipId', 'letterId']);

/**
 * The names (never the values) of the items an event wrote or showed: what the operation log records. Computed from
 * clear data only where the event is sealed, so that it is the same before and after a subject is erased.
 */
export function itemNamesOf(type: string, data: Record<string, unknown>): string[] {
  if (type === 'RecordViewed') return [...((data.items as string[] | undefined) ?? [])];
  if (type === 'AccessDenied' || type === 'OperationRejected') return [];
  if (type === 'ResidentDetailsChanged' || type === 'VaccinationCorrected') {
    return Object.keys((data.changes as Record<string, unknown> | undefined) ?? {}).sort();
  }
  return Object.keys(data).filter((k) => !IDS.has(k) && data[k] !== undefined).sort();
}

import { z } from 'zod';
import { DomainError } from '../errors.ts';
import { controlCharacterMessage, controlCharacterPath, escapeControlCharacters } from '../registry/control-characters.ts';
import {
  ResidentDetailsChangedSchema, ResidentDiedSchema, ResidentMovedInSchema, ResidentMovedOutSchema,
  ResidentRecordCancelledSchema, ResidentRegisteredSchema,
} from './resident-events.ts';
import {
  VaccinationCorrectedSchema, VaccinationRecordedSchema, VaccinationRecordedV1Schema, VaccinationVoidedSchema,
} from './vaccination-events.ts';
import { AntibodyTestRecordedSchema, ConditionEndedSchema, ConditionRecordedSchema, ConditionWithdrawnSchema, NoticesIssuedSchema } from './eligibility-events.ts';
import { StatisticsRetainedSchema, SubjectErasedSchema } from './privacy-events.ts';
import { RequestDeadlineExtendedSchema, RequestDecidedSchema, RequestLodgedSchema, UseSuspendedSchema } from './request-events.ts';
import { ImportBatchRecordedSchema, SlipHeldSchema, SlipResolvedSchema } from './import-events.ts';
import { CertificateIssuedSchema, CopiesExportedSchema, HealthCardIssuerSetSchema, InquiryAnsweredSchema, InquirySentSchema } from './linkage-events.ts';
import { ReliefDecidedSchema, ReliefForwardedSchema, ReliefLodgedSchema, ReliefPaidSchema } from './relief-events.ts';
import { OutsideVaccinationRecordedSchema, ReimbursementPaidSchema, RequestLetterIssuedSchema, RequestLetterLodgedSchema } from './letter-events.ts';
import { FormMailedSchema, FormPrintedSchema, FormReissuedSchema, FormReturnedSchema, FormSerialsReservedSchema, FormVoidedSchema } from './form-events.ts';
import { ContractEndedSchema, ContractorRegisteredSchema, EntrustmentProvidedSchema } from './contractor-events.ts';
import { ClaimApprovedSchema, ClaimPaidSchema, ClaimReportPrintedSchema, ExaminationRecordedSchema, ClinicRegisteredSchema, FeeTableSetSchema } from './claim-events.ts';
import { AccessDeniedSchema, OperationRejectedSchema, OperatorDeactivatedSchema, OperatorRegisteredSchema, RecordViewedSchema, RoleGrantedSchema, RoleRevokedSchema, OperatorSecretChangedSchema, OperatorUnlockedSchema } from './access-events.ts';

/**
 * Every event type, its current schema version and its schema. An event is parsed against this
 * table whenever it crosses a boundary (decided, appended, read back).
 */
export const EVENT_SCHEMAS = {
  ResidentRegistered: { version: 1, schema: ResidentRegisteredSchema },
  ResidentDetailsChanged: { version: 1, schema: ResidentDetailsChangedSchema },
  ResidentMovedOut: { version: 1, schema: ResidentMovedOutSchema },
  ResidentMovedIn: { version: 1, schema: ResidentMovedInSchema },
  ResidentDied: { version: 1, schema: ResidentDiedSchema },
  ResidentRecordCancelled: { version: 1, schema: ResidentRecordCancelledSchema },
  VaccinationRecorded: { version: 2, schema: VaccinationRecordedSchema },
  VaccinationCorrected: { version: 1, schema: VaccinationCorrectedSchema },
  VaccinationVoided: { version: 1, schema: VaccinationVoidedSchema },
  ConditionRecorded: { version: 1, schema: ConditionRecordedSchema },
  ConditionWithdrawn: { version: 1, schema: ConditionWithdrawnSchema },
  ConditionEnded: { version: 1, schema: ConditionEndedSchema },
  AntibodyTestRecorded: { version: 1, schema: AntibodyTestRecordedSchema },
  NoticesIssued: { version: 1, schema: NoticesIssuedSchema },
  SubjectErased: { version: 1, schema: SubjectErasedSchema },
  RequestLodged: { version: 1, schema: RequestLodgedSchema },
  RequestDeadlineExtended: { version: 1, schema: RequestDeadlineExtendedSchema },
  RequestDecided: { version: 1, schema: RequestDecidedSchema },
  UseSuspended: { version: 1, schema: UseSuspendedSchema },
  StatisticsRetained: { version: 1, schema: StatisticsRetainedSchema },
  ImportBatchRecorded: { version: 1, schema: ImportBatchRecordedSchema },
  SlipHeld: { version: 1, schema: SlipHeldSchema },
  SlipResolved: { version: 1, schema: SlipResolvedSchema },
  OperatorRegistered: { version: 1, schema: OperatorRegisteredSchema },
  RoleGranted: { version: 1, schema: RoleGrantedSchema },
  RoleRevoked: { version: 1, schema: RoleRevokedSchema },
  OperatorDeactivated: { version: 1, schema: OperatorDeactivatedSchema },
  OperatorSecretChanged: { version: 1, schema: OperatorSecretChangedSchema },
  OperatorUnlocked: { version: 1, schema: OperatorUnlockedSchema },
  RecordViewed: { version: 1, schema: RecordViewedSchema },
  AccessDenied: { version: 1, schema: AccessDeniedSchema },
  OperationRejected: { version: 1, schema: OperationRejectedSchema },
  CopiesExported: { version: 1, schema: CopiesExportedSchema },
  CertificateIssued: { version: 1, schema: CertificateIssuedSchema },
  InquirySent: { version: 1, schema: InquirySentSchema },
  InquiryAnswered: { version: 1, schema: InquiryAnsweredSchema },
  ReliefLodged: { version: 1, schema: ReliefLodgedSchema },
  ReliefForwarded: { version: 1, schema: ReliefForwardedSchema },
  ReliefDecided: { version: 1, schema: ReliefDecidedSchema },
  ReliefPaid: { version: 1, schema: ReliefPaidSchema },
  RequestLetterLodged: { version: 1, schema: RequestLetterLodgedSchema },
  RequestLetterIssued: { version: 1, schema: RequestLetterIssuedSchema },
  OutsideVaccinationRecorded: { version: 1, schema: OutsideVaccinationRecordedSchema },
  ReimbursementPaid: { version: 1, schema: ReimbursementPaidSchema },
  FormSerialsReserved: { version: 1, schema: FormSerialsReservedSchema },
  FormReissued: { version: 1, schema: FormReissuedSchema },
  FormVoided: { version: 1, schema: FormVoidedSchema },
  FormPrinted: { version: 1, schema: FormPrintedSchema },
  FormMailed: { version: 1, schema: FormMailedSchema },
  FormReturned: { version: 1, schema: FormReturnedSchema },
  HealthCardIssuerSet: { version: 1, schema: HealthCardIssuerSetSchema },
  ContractorRegistered: { version: 1, schema: ContractorRegisteredSchema },
  ContractEnded: { version: 1, schema: ContractEndedSchema },
  EntrustmentProvided: { version: 1, schema: EntrustmentProvidedSchema },
  ClinicRegistered: { version: 1, schema: ClinicRegisteredSchema },
  FeeTableSet: { version: 1, schema: FeeTableSetSchema },
  ClaimApproved: { version: 1, schema: ClaimApprovedSchema },
  ClaimPaid: { version: 1, schema: ClaimPaidSchema },
  ClaimReportPrinted: { version: 1, schema: ClaimReportPrintedSchema },
  ExaminationRecorded: { version: 1, schema: ExaminationRecordedSchema },
} as const;

type Schemas = typeof EVENT_SCHEMAS;
export type EventType = keyof Schemas;
export type EventData<T extends EventType> = z.infer<Schemas[T]['schema']>;

/** A domain event: its type and its data, before the store gives it an envelope. */
export type DomainEvent = { [T in EventType]: { readonly type: T; readonly data: EventData<T> } }[EventType];
export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;

/** Upcasters lift stored data of an older schema version to the next one, step by step. */
type Upcaster = (data: unknown) => unknown;
const UPCASTERS: Partial<Record<EventType, Record<number, Upcaster>>> = {
  VaccinationRecorded: {
    // v1 → v2: 接種区分 moved from the 別添2 code to an id; 警告内容 added (none were recorded in v1).
    1: (raw) => {
      const v1 = VaccinationRecordedV1Schema.parse(raw);
      const { categoryCode, ...rest } = v1;
      const category = ({ '1': 'routine', '2': 'voluntary', '3': 'temporary', '4': 'special-measures' } as const)[categoryCode];
      return { ...rest, category, warnings: [] };
    },
  },
};

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_SCHEMAS, type);
}

export function currentVersionOf(type: EventType): number {
  return EVENT_SCHEMAS[type].version;
}

function describeIssues(error: z.ZodError): string {
  // Paths and messages only: the offending values may be personal data.
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/**
 * Parses a new domain event of the current version, throwing a DomainError that names the field (never its value).
 * Every event written passes here, so no text in it may hold a control character (a terminal would act on it).
 */
export function parseDomainEvent(type: string, data: unknown): DomainEvent {
  const control = controlCharacterPath(data);
  if (control) throw new DomainError('control-character', `${type.slice(0, 40)}: ${control.path}: ${controlCharacterMessage(control.found)}`);
  return parseStoredEvent(type, data);
}

/** Parses stored data of the current version (written before text was guarded, it is escaped when shown). */
function parseStoredEvent(type: string, data: unknown): DomainEvent {
  if (!isEventType(type)) throw new DomainError('unknown-event-type', `unknown event type ${JSON.stringify(escapeControlCharacters(type.slice(0, 40)))}`);
  const result = EVENT_SCHEMAS[type].schema.safeParse(data);
  if (!result.success) throw new DomainError('invalid-event', `${type}: ${describeIssues(result.error)}`);
  return { type, data: result.data } as DomainEvent;
}

/** Reads stored data at any known schema version as the current version. */
export function upcastAndParse(type: string, schemaVersion: number, data: unknown): DomainEvent {
  if (!isEventType(type)) throw new DomainError('unknown-event-type', `unknown event type ${JSON.stringify(type.slice(0, 40))}`);
  const current = EVENT_SCHEMAS[type].version;
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > current) {
    throw new DomainError('unknown-schema-version', `${type}: schema version ${schemaVersion} is not known (current ${current})`);
  }
  let lifted = data;
  for (let v = schemaVersion; v < current; v++) {
    const up = UPCASTERS[type]?.[v];
    if (!up) throw new DomainError('missing-upcaster', `${type}: no upcaster from version ${v}`);
    try {
      lifted = up(lifted);
    } catch (error) {
      const detail = error instanceof z.ZodError ? describeIssues(error) : 'upcaster failed';
      throw new DomainError('invalid-event', `${type} v${v}: ${detail}`);
    }
  }
  return parseStoredEvent(type, lifted);
}

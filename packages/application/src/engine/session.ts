import type { Credentials, Purpose, ResidentDetails, Role, VaccinationFields, RequestKind, NoticeKind, ReissueReason } from '@vaxledger/domain';
import type { EligibilityQuery, EligibilityRow, LedgerDoc, OplogEntry, OplogSelection, OperatorDoc, RequestDoc, StatisticsReport, StatutoryReport, SuspenseDoc } from '@vaxledger/projections';
import type { EngineContext as Engine } from './engine-context.ts';
import type { ImportSummary } from './import-errors.ts';
import type { RegistryImportOptions } from './registry-importer.ts';
import type { SlipImportOptions, VrsImportOptions } from './slip-importer.ts';
import { SessionContext } from './session/context.ts';
import * as residents from './session/residents.ts';
import * as vaccinations from './session/vaccinations.ts';
import * as specialStatuses from './session/special-statuses.ts';
import * as reports from './session/reports.ts';
import * as antibodyImports from './session/antibody-imports.ts';
import type { AntibodyImportOptions } from './session/antibody-imports.ts';
import type { ReportOptions } from './session/reports.ts';
import * as operators from './session/operators.ts';
import * as ledgerReads from './session/ledger-reads.ts';
import * as imports from './session/imports.ts';
import * as notices from './session/notices.ts';
import * as requests from './session/requests.ts';
import * as erasure from './session/erasure.ts';
import * as auditReads from './session/audit-reads.ts';
import * as replays from './session/replay.ts';
import * as copies from './session/copies.ts';
import * as certificates from './session/certificates.ts';
import * as provisionReads from './session/provisions.ts';
import * as transfers from './session/transfers.ts';
import * as relief from './session/relief.ts';
import * as letters from './session/letters.ts';
import * as forms from './session/forms.ts';
import * as contractors from './session/contractors.ts';
import * as claims from './session/claims.ts';
import type { ClaimReportRow, ClaimsView, ClinicClaimView, ClinicView, ReconcileView } from './session/claims.ts';
import * as printReturns from './session/print-returns.ts';
import type { AddContractorInput, ContractorView, PrintExport } from './session/contractors.ts';
import type { PrintReturnImportOptions, PrintReturnSummary } from './session/print-returns.ts';
import type { FormFilter, FormMark, FormView, ReissuedForm } from './session/forms.ts';
import type { ConditionPeriodOptions, RecordVaccinationInput, RecordedVaccination } from './session/vaccinations.ts';
import type { AntibodyTestInput } from './session/special-statuses.ts';
import type { RequestOptions } from './session/residents.ts';
import type { LedgerView } from './session/ledger-reads.ts';
import type { NoticeRun } from './session/notices.ts';
import type { Disclosure } from './session/requests.ts';
import type { OplogFilter } from './session/audit-reads.ts';
import type { CopyExport, CopyExportRecord } from './session/copies.ts';
import type { Certificate, CertificateOptions } from './session/certificates.ts';
import type { Provision, ProvisionRecord } from './session/provisions.ts';
import type { PendingTransfer, SentInquiry } from './session/transfers.ts';
import type { InquiryAnswerImportOptions, InquiryAnswerSummary } from './inquiry-answer-importer.ts';
import type { InquiryBasis } from '@vaxledger/domain';

import type { LodgeReliefInput, ReliefCase } from './session/relief.ts';
import type { ReliefDecision } from '@vaxledger/domain';
import type { TheirClaimLine } from '@vaxledger/domain';

import type { LetterStep, LetterView, LodgeLetterInput, OutsideDoseInput, RecordedOutsideDose, RequestLetter } from './session/letters.ts';

export type { LetterStep, LetterView, LodgeLetterInput, OutsideDoseInput, RecordedOutsideDose, RequestLetter };
export type { ClaimReportRow, ClaimsView, ClinicClaimView, ClinicView, ReconcileView };
export type { AddContractorInput, ContractorView, PrintExport, PrintReturnImportOptions, PrintReturnSummary };
import type { Replay } from './session/replay.ts';
export type { Replay };
export type { AntibodyImportOptions, AntibodyTestInput, ConditionPeriodOptions, ReportOptions };
export type { RequestOptions, RecordVaccinationInput, RecordedVaccination, LedgerView, NoticeRun, Disclosure, OplogFilter, CopyExport, CopyExportRecord, Certificate, CertificateOptions, Provision, ProvisionRecord, LodgeReliefInput, ReliefCase, FormFilter, FormMark, FormView, ReissuedForm };

/**
 * One operator acting for one purpose: what a host application (and the CLI) calls. Built by
 * `engine.session(operatorId, purpose, credentials)`. Every call is authorized on its own (deny by default) and every
 * read is put on the record before it is returned; a call refused for bad input after its authorization is on the record
 * too (OperationRejected). The commands live one topic a file in `./session/`; this class only
 * names them; their documentation is here, on the API a host calls.
 *
 * Every write is decided against its own streams and appended through the engine's command handler, at the revision
 * it was decided against. What a method throws (all VaxledgerErrors, with a stable `code`):
 * - `DomainError`: the command is refused by the rules or its input (`kind` 'invalid-input' or 'not-found'; e.g.
 *   'unknown-resident', 'request-decided', 'slip-resolved'); logged as OperationRejected once the call was authorized.
 * - `AccessDeniedError`: the operator may not (kind 'denied'); logged as AccessDenied.
 * - `ConflictError` (code 'conflict'): other writers changed the command's stream each time it was decided (three
 *   times); nothing was stored and the call may be retried. A write planned from a read the caller acted on (a 副本
 *   export) is not decided again: a stream moved since is a `WrongExpectedRevisionError`. Both are kind 'conflict'.
 */
export class Session {
  private readonly ctx: SessionContext;

  constructor(engine: Engine, operatorId: string, purpose: Purpose, credentials?: Credentials) {
    this.ctx = new SessionContext(engine, operatorId, purpose, credentials);
  }

  get operatorId(): string {
    return this.ctx.operatorId;
  }

  get purpose(): Purpose {
    return this.ctx.purpose;
  }

  // Write methods take an optional idempotency key, `requestId`: the same call retried with it (after an answer lost
  // to a closed engine or a dropped connection) is a no-op that answers as the first call did, on every store.

  // ---- residents --------------------------------------------------------------------------------

  registerResident(residentId: string, details: ResidentDetails, options: RequestOptions = {}): Promise<void> {
    return this.ctx.run(() => residents.registerResident(this.ctx, residentId, details, options));
  }

  changeResidentDetails(residentId: string, changes: Partial<ResidentDetails>, movement?: string, options: RequestOptions = {}): Promise<number> {
    return this.ctx.run(() => residents.changeResidentDetails(this.ctx, residentId, changes, movement, options));
  }

  moveOut(residentId: string, movedOutOn: string, options: RequestOptions = {}): Promise<void> {
    return this.ctx.run(() => residents.moveOut(this.ctx, residentId, movedOutOn, options));
  }

  moveIn(residentId: string, movedInOn: string, address?: string, options: RequestOptions = {}): Promise<void> {
    return this.ctx.run(() => residents.moveIn(this.ctx, residentId, movedInOn, address, options));
  }

  recordDeath(residentId: string, diedOn: string, options: RequestOptions = {}): Promise<void> {
    return this.ctx.run(() => residents.recordDeath(this.ctx, residentId, diedOn, options));
  }

  // ---- vaccinations -----------------------------------------------------------------------------

  /**
   * Registers a vaccination; returns its record id. The resident must be in the registry. The dose goes through
   * the schedule check: a dose that is not routine is recorded all the same, with the reasons as 警告内容.
   */
  recordVaccination(input: RecordVaccinationInput): Promise<RecordedVaccination> {
    return this.ctx.run(() => vaccinations.recordVaccination(this.ctx, input));
  }

  /** Corrects items of a record; the schedule check runs again when the vaccine, dose, date or product changes. */
  correctVaccination(input: { residentId: string; recordId: string; changes: Partial<VaccinationFields>; reason: string; requestId?: string }): Promise<void> {
    return this.ctx.run(() => vaccinations.correctVaccination(this.ctx, input));
  }

  /**
   * Records a condition the schedule law depends on (長期療養特例, 抗体検査の結果, 妊娠, …). With `from` (and `document`,
   * and `to` when it has ended) it records a special status with a period: 'long-term-illness' (長期療養者区分: the
   * 特例 then runs 2年 from the day it ended, up to its upper age), 'disaster' (被災者区分), 'fee-exemption' (免除区分).
   * The same period again adds nothing; one overlapping a period of the same kind is refused. `withdrawCondition` of
   * such a kind withdraws every period of it (a record made in error).
   */
  recordCondition(residentId: string, condition: string, options: RequestOptions & ConditionPeriodOptions = {}): Promise<void> {
    return this.ctx.run(() => vaccinations.recordCondition(this.ctx, residentId, condition, options));
  }

  /** Ends a special status recorded without an end (`condition end`): `on` is the day it ended. */
  endCondition(residentId: string, kind: string, on: string, options: RequestOptions = {}): Promise<void> {
    return this.ctx.run(() => specialStatuses.endCondition(this.ctx, residentId, kind, on, options));
  }

  /**
   * Records a 風しん抗体検査 (別添2 #64–68). An insufficient result makes a man of the 第5期 cohort a routine target of
   * rubella-5; the latest test (by date) decides. The same 検査番号 with the same items again adds nothing.
   */
  recordAntibodyTest(input: AntibodyTestInput): Promise<void> {
    return this.ctx.run(() => specialStatuses.recordAntibodyTest(this.ctx, input));
  }

  /** Whether the person is exempt from the co-payment (免除区分) on `date`; the read is logged. */
  feeExemptOn(residentId: string, date: string): Promise<boolean> {
    return this.ctx.run(() => specialStatuses.feeExemptOn(this.ctx, residentId, date));
  }

  withdrawCondition(residentId: string, condition: string, reason: string, options: RequestOptions = {}): Promise<void> {
    return this.ctx.run(() => vaccinations.withdrawCondition(this.ctx, residentId, condition, reason, options));
  }

  voidVaccination(input: { residentId: string; recordId: string; reason: string; requestId?: string }): Promise<void> {
    return this.ctx.run(() => vaccinations.voidVaccination(this.ctx, input));
  }

  // ---- operators --------------------------------------------------------------------------------

  /**
   * Registers an operator (an individual id: shared ids are refused) with roles and the affairs they serve. With a key
   * store, an initial secret is set (generated unless given) and returned once; only its scrypt hash is kept.
   */
  registerOperator(operatorId: string, roles: readonly Role[], purposes: readonly Purpose[], options: { secret?: string } = {}): Promise<{ operatorId: string; secret?: string }> {
    return this.ctx.run(() => operators.registerOperator(this.ctx, operatorId, roles, purposes, options));
  }

  grantRoles(operatorId: string, roles: readonly Role[], purposes: readonly Purpose[] = []): Promise<void> {
    return this.ctx.run(() => operators.grantRoles(this.ctx, operatorId, roles, purposes));
  }

  /** Takes roles or affairs away (a change of duties); takes effect on the operator's next call. */
  revokeRoles(operatorId: string, roles: readonly Role[], purposes: readonly Purpose[] = []): Promise<void> {
    return this.ctx.run(() => operators.revokeRoles(this.ctx, operatorId, roles, purposes));
  }

  /** 人事異動: the operator can do nothing more; their history stays. */
  deactivateOperator(operatorId: string, reason: string): Promise<void> {
    return this.ctx.run(() => operators.deactivateOperator(this.ctx, operatorId, reason));
  }

  /** Sets a secret: one's own, or (as a system administrator) another operator's. Only the hash is kept. */
  changeSecret(newSecret: string, operatorId = this.operatorId): Promise<void> {
    return this.ctx.run(() => operators.changeSecret(this.ctx, newSecret, operatorId));
  }

  /**
   * Lifts an operator's lockout (too many failed authentications) before it ends, and forgets their failures; an
   * administrator's act, on the record (OperatorUnlocked).
   */
  unlockOperator(operatorId: string): Promise<void> {
    return operators.unlockOperator(this.ctx, operatorId);
  }

  /** 権限の見直し: who holds which roles and affairs, and when each id was last used. The read is logged. */
  operatorReview(): Promise<OperatorDoc[]> {
    return this.ctx.run(() => operators.operatorReview(this.ctx));
  }

  // ---- reads of the ledger ----------------------------------------------------------------------

  /**
   * The vaccination ledger of one resident, now or as the store knew it at a past instant (`asOf`, ISO 8601).
   * The read is appended to the operation log before the ledger is returned.
   */
  viewLedger(residentId: string, options: { asOf?: string } = {}): Promise<LedgerView> {
    return this.ctx.run(() => ledgerReads.viewLedger(this.ctx, residentId, options));
  }

  /**
   * Replays the resident's vaccination stream up to an instant or a global position: the ledger as it stood then.
   * (The ledger document of a resident depends on that stream alone, so the replay equals a full rebuild to that point.)
   */
  ledgerAsOf(residentId: string, at: { instant?: string; position?: number }): Promise<LedgerDoc | undefined> {
    return this.ctx.run(() => ledgerReads.ledgerAsOf(this.ctx, residentId, at));
  }

  // ---- imports and the suspense queue -----------------------------------------------------------

  /** 対象者登録: imports a resident-registry file (weekly diff or full extract) as one batch. */
  importRegistry(bytes: Uint8Array, options: RegistryImportOptions): Promise<ImportSummary> {
    return this.ctx.run(() => imports.importRegistry(this.ctx, bytes, options));
  }

  /** 予防接種実績登録: imports a month's clinic slips as one batch; doubtful slips go to the suspense queue. */
  importSlips(bytes: Uint8Array, options: SlipImportOptions): Promise<ImportSummary> {
    return this.ctx.run(() => imports.importSlips(this.ctx, bytes, options));
  }

  /**
   * VRS download (ワクチン接種記録システム, COVID-19): each row is matched by 接種券番号 (the 整理番号 printed on the
   * city's tickets) and the 属性情報 exactly as a clinic slip, recorded with source `vrs` through the dose check, or held
   * with the reason (a dose already on the ledger from a clinic slip is held as a duplicate). Rows of another
   * municipality's area, or a 個人番号 anywhere, refuse the file. One batch, all or nothing; importing it again is a no-op.
   */
  importVrs(bytes: Uint8Array, options: VrsImportOptions): Promise<ImportSummary> {
    return this.ctx.run(() => imports.importVrs(this.ctx, bytes, options));
  }

  /** The suspense queue (疑義): held slips, oldest first; shown to a registration clerk, and logged as a read. */
  suspense(options: { status?: SuspenseDoc['status'] | 'all' } = {}): Promise<SuspenseDoc[]> {
    return this.ctx.run(() => imports.suspense(this.ctx, options));
  }

  /**
   * Resolves a held slip after investigation: matched to a resident (the slip is then recorded, through the dose
   * check) or rejected with a reason. The resolution and the record are appended together. A slip whose dose is
   * already on the person's ledger is refused as a match unless `duplicateReason` says why it is recorded again.
   */
  resolveSlip(slipId: string, resolution: { match: string; reason?: string; duplicateReason?: string } | { reject: string }): Promise<{ recordId?: string }> {
    return this.ctx.run(() => imports.resolveSlip(this.ctx, slipId, resolution));
  }

  // ---- extraction and notices -------------------------------------------------------------------

  /**
   * 対象者抽出: who is due, closing, upcoming or has missed a vaccine and dose on a date (statuses computed now, from
   * facts). Residents who moved out, died or were cancelled are left out. The extraction is logged as a read.
   */
  eligible(query: EligibilityQuery): Promise<EligibilityRow[]> {
    return this.ctx.run(() => notices.eligible(this.ctx, query));
  }

  /**
   * 接種券 / 案内通知 / 勧奨通知: extracts and puts the run on the record (NoticesIssued, with criteria and residents
   * covered). Residents marked 送付除外 or 住基閲覧注意 are withheld from the run and from the printing file.
   * Tickets and guidance go to those due, closing or upcoming; reminders to those due, closing or who missed it; the
   * query's `statuses` narrow that (a status the kind does not go to is refused). The same mailing (kind, vaccine,
   * dose, ward, cohort, statuses) issued again within `repeatWithinDays` (30) is refused unless `again` gives a reason.
   */
  issueNotices(kind: NoticeKind, query: EligibilityQuery, options: { again?: string; repeatWithinDays?: number } = {}): Promise<NoticeRun> {
    return this.ctx.run(() => notices.issueNotices(this.ctx, kind, query, options));
  }

  // ---- forms (予診票) ---------------------------------------------------------------------------

  /**
   * The forms of notice runs (予診票番号 with its check character, 印刷連番), oldest first: of one resident, of one run
   * (its forms and those reissued from them), only those whose mail came back (`returned`, for follow-up), or all.
   * Each with its status (valid, invalidated by a reissue, voided), 予診票再発行枚数 / 再発行日, 印刷区分, 印刷日, 発送日
   * and 不達. The read is logged.
   */
  forms(filter: FormFilter = {}): Promise<FormView[]> {
    return this.ctx.run(() => forms.listForms(this.ctx, filter));
  }

  /**
   * 予診票再発行: the form becomes invalid and a new one, with the next 印刷連番, goes to the same person for the same
   * vaccine and dose, its reissue count one more than the old one's. A form already reissued or voided is refused
   * (reissue its successor); `other` needs a note. A slip bearing the old number is then held (form-invalidated).
   */
  reissueForm(formNumber: string, options: { reason: ReissueReason; note?: string }): Promise<ReissuedForm> {
    return this.ctx.run(() => forms.reissueForm(this.ctx, formNumber, options));
  }

  /** Withdraws a form without a successor (issued in error); a slip bearing it is then held (form-invalidated). */
  voidForm(formNumber: string, reason: string): Promise<{ formNumber: string; residentId: string }> {
    return this.ctx.run(() => forms.voidForm(this.ctx, formNumber, reason));
  }

  /**
   * Records a form's 印刷区分 / 印刷日, its 発送日, or its mail coming back (不達: reason and date) — what a clerk types,
   * or a contractor's return file states. The same fact again records nothing (`recorded: false`). A resident whose
   * mail came back is flagged in the eligibility rows (`mailReturned`) until something is mailed to them later or
   * their address changes.
   */
  markForm(formNumber: string, mark: FormMark): Promise<{ formNumber: string; residentId: string; recorded: boolean }> {
    return this.ctx.run(() => forms.markForm(this.ctx, formNumber, mark));
  }

  // ---- clinics, fees and claims (委託医療機関・委託料請求) ------------------------------------------

  /** Registers a clinic (委託医療機関) under its number, inside or outside the city: its slips' doses can then be paid. */
  registerClinic(input: { clinicNo: string; name: string; location: 'inside-city' | 'outside-city' }): Promise<ClinicView> {
    return this.ctx.run(() => claims.registerClinic(this.ctx, input));
  }

  /** The registered clinics (the read is logged). */
  clinics(): Promise<ClinicView[]> {
    return this.ctx.run(() => claims.listClinics(this.ctx));
  }

  /** Loads a fee table (委託料単価表, JSON text: docs/claims.md), checked whole; the last one loaded holds. Administration's work. */
  loadFeeTable(input: { fileName: string; text: string }): Promise<{ name: string; sha256: string; fees: number }> {
    return this.ctx.run(() => claims.loadFeeTable(this.ctx, input));
  }

  /**
   * The claims of a 請求年月 (the JST month a slip's batch landed; after a clinic's claim is approved, its later slips go
   * to a later month): per clinic, each payable dose priced from the fee table in force on the vaccination date less the
   * co-payment, and every line not paid with its reason. The read is logged with the items it shows.
   */
  claims(options: { month: string; clinicNo?: string }): Promise<ClaimsView> {
    return this.ctx.run(() => claims.buildMonthClaims(this.ctx, options));
  }

  /** Approves a clinic's claim of the month as built now (ClaimApproved with its lines and amounts); once only. */
  approveClaim(options: { month: string; clinicNo: string }): ReturnType<typeof claims.approveClaim> {
    return this.ctx.run(() => claims.approveClaim(this.ctx, options));
  }

  /** Records the payment of an approved claim (支払日); once only. */
  recordClaimPaid(options: { month: string; clinicNo: string; paidOn: string }): ReturnType<typeof claims.recordClaimPaid> {
    return this.ctx.run(() => claims.recordClaimPaid(this.ctx, options));
  }

  /**
   * 請求突合: a clinic's own claim (the rows of its file, read by the adapters' readClinicClaimFile) against the city's
   * claim of the month for that clinic, line by line (matched, amount-differs, only-theirs, only-ours). The read is logged.
   */
  reconcileClaim(options: { month: string; clinicNo: string; theirs: readonly TheirClaimLine[] }): Promise<ReconcileView> {
    return this.ctx.run(() => claims.reconcileMonthClaim(this.ctx, options));
  }

  /** 実施報告書 of the month: per clinic, paid doses by vaccine and dose with amounts; its print date is recorded. */
  claimReport(options: { month: string }): Promise<{ month: string; printedOn: string; rows: ClaimReportRow[] }> {
    return this.ctx.run(() => claims.printClaimReport(this.ctx, options));
  }

  // ---- the printing contractor (委託先) ------------------------------------------------------------

  /**
   * Registers the printing contractor (委託先) with its contract (reference, last day) and its OpenPGP public key
   * (armored): the key is read by the print-files port and refused when it is a private key, does not verify, is
   * revoked or expired, or cannot encrypt; the key's packets and its fingerprint are kept. A contract whose last day
   * has passed is refused. Administration's work.
   */
  addContractor(input: AddContractorInput): Promise<ContractorView> {
    return this.ctx.run(() => contractors.addContractor(this.ctx, input));
  }

  /** Ends a contractor's contract: `endedOn` is its last day from now on (no later than the contract's own). */
  endContract(contractorId: string, endedOn: string): Promise<{ contractorId: string; endedOn: string }> {
    return this.ctx.run(() => contractors.endContract(this.ctx, contractorId, endedOn));
  }

  /** The contractors, with their contract period, whether it is in force today, the key's fingerprint (the read is logged). */
  contractors(): Promise<ContractorView[]> {
    return this.ctx.run(() => contractors.listContractors(this.ctx));
  }

  /**
   * 委託: a notice run's print file for the contractor — CSV (CP932) of exactly PRINT_FILE_COLUMNS, one row per form of
   * the run still valid, of residents still this city's target, neither 送付除外 nor 住基閲覧注意 (those left out are
   * counted by why) — encrypted in memory for the contractor's key and handed to `write` (the file in clear never
   * leaves memory). Then EntrustmentProvided is recorded: a provision to 委託先 for every person in the file. Refused
   * when the contract has ended or the run went to this contractor before, unless `again` says why.
   */
  exportPrintFile(options: { runId: string; contractorId: string; again?: string; write: (bytes: Uint8Array) => Promise<void> }): Promise<PrintExport> {
    return this.ctx.run(() => contractors.exportPrintFile(this.ctx, options));
  }

  /**
   * The contractor's return file (印刷・発送結果, docs/print-files.md): per 予診票番号, 印刷日, 発送日 and 不達 with its
   * reason and date, recorded on each form as `markForm` would, as one import batch. Importing it again changes
   * nothing; a row naming a form no run issued, or a fact the form's history refuses, refuses the whole file.
   */
  importPrintReturn(bytes: Uint8Array, options: PrintReturnImportOptions): Promise<PrintReturnSummary> {
    return this.ctx.run(() => printReturns.importPrintReturn(this.ctx, bytes, options));
  }
  /**
   * Imports a file of 風しん抗体検査 results (docs/import-formats.md) as one batch (purpose `registration`, action
   * `import.slips`): each test as `recordAntibodyTest` records it. The same file again adds nothing; a row naming no
   * registered resident, or a 検査番号 recorded with other items, refuses the whole file.
   */
  importAntibodyTests(bytes: Uint8Array, options: AntibodyImportOptions): Promise<ImportSummary> {
    return this.ctx.run(() => antibodyImports.importAntibodyTests(this.ctx, bytes, options));
  }


  // ---- linkage and certificates -----------------------------------------------------------------

  /**
   * 副本作成: the file the intermediate server (中間サーバ) takes in to answer other municipalities' inquiries — per
   * person, the 統合宛名番号 and every active record (vaccine, dose, date, 接種区分), and nothing that names, locates or
   * dates the person on its own. A person with no active record left is one row with empty record items: the server
   * replaces a person's copy whole. The first export, and one with `full`, holds every person with records on the
   * ledger; each later one, those of them whose registry facts or vaccinations changed since the last export. Persons
   * with records but no 統合宛名番号 are counted as unlinked, not sent; an erased person is not named at all.
   *
   * `write` receives the file's bytes, in order, a page at a time (a city's export is never one string in memory),
   * all before the export is put on the record (CopiesExported: the persons sent, the positions covered, the file's
   * SHA-256), so a file that could not be written is never recorded as handed over; if the record then fails (another
   * export at the same time), the caller discards what it wrote.
   */
  exportCopies(options: { full?: boolean; write: (chunk: Uint8Array) => Promise<void> }): Promise<CopyExport> {
    return this.ctx.run(() => copies.exportCopies(this.ctx, options));
  }

  /**
   * Whether a 副本 file is one this store handed over, unchanged: the export whose recorded SHA-256 the bytes match
   * (who made it, when, what it carried), or null. For the linkage officer and the auditor (中間サーバ reconciliation).
   */
  findCopyExport(file: Uint8Array): Promise<CopyExportRecord | null> {
    return this.ctx.run(() => copies.findCopyExport(this.ctx, file));
  }

  /**
   * 予防接種済証 / 接種証明書: certifies the person's active records (as corrected; voided, voluntary and repeated ones
   * are left out), of the vaccines asked for or of all. Needs the kind of identity document checked (番号法第16条). The
   * issue is put on the record (CertificateIssued: the records certified, the document kind and any passport items,
   * sealed with the person's key; the format and, for a SMART Health Card, its issuer and key id in clear) before the
   * certificate is returned; a card is signed (CertificateSigner) once the issue is on the record.
   */
  issueCertificate(residentId: string, options: CertificateOptions): Promise<Certificate> {
    return this.ctx.run(() => certificates.issueCertificate(this.ctx, residentId, options));
  }

  /**
   * Sets the issuer URL (`iss`) of the tenant's SMART Health Cards: the municipality's https address, where verifiers
   * fetch `/.well-known/jwks.json`. Until one is set, cards carry defaultHealthCardIssuer (a reserved .invalid name).
   */
  setHealthCardIssuer(issuer: string): Promise<{ issuer: string }> {
    return this.ctx.run(() => certificates.setHealthCardIssuer(this.ctx, issuer));
  }

  /** The issuer URL the tenant's SMART Health Cards carry now, and whether it is still the default. */
  healthCardIssuer(): Promise<{ issuer: string; defaultIssuer: boolean }> {
    return this.ctx.run(() => certificates.healthCardIssuer(this.ctx));
  }

  // ---- movers in (転入者の接種歴照会) ---------------------------------------------------------------------

  /**
   * The work queue of movers: residents living here whose latest 転入 (a registration or a move back in, as the
   * registry import recorded it) has no inquiry sent after it, oldest arrival first; with the municipality they came
   * from when the registry file carried it, and whether they have a 統合宛名番号 (never the number). `since` (a date)
   * keeps those who moved in on or after it. Movers from abroad are not listed (no municipality to ask). Logged as a read.
   */
  transferPending(options: { since?: string } = {}): Promise<PendingTransfer[]> {
    return this.ctx.run(() => transfers.transferPending(this.ctx, options));
  }

  /**
   * 情報照会: the inquiry file for the intermediate server (中間サーバ) asking `fromMunicipality` for the person's
   * vaccination records: the 照会番号 (the inquiry id), both municipalities' codes, the person's 統合宛名番号, and the
   * 事務 and provision of law it serves (`basis`: 番号法第19条第8号 別表第二の16の2の項 by default) — never a 個人番号,
   * a name or a birth date. A person without a 統合宛名番号 is refused ('no-integrated-addressee-no'), as is one who does
   * not live here or a code that is not a 全国地方公共団体コード (or is this municipality's). `write` receives the file's
   * bytes before the inquiry is put on the record (InquirySent on a stream of its own: to whom, about whom, on which
   * basis, the file's SHA-256); if the record then fails, the caller discards what it wrote.
   */
  sendInquiry(residentId: string, options: { fromMunicipality: string; basis?: InquiryBasis; write: (bytes: Uint8Array) => Promise<void> }): Promise<SentInquiry> {
    return this.ctx.run(() => transfers.sendInquiry(this.ctx, residentId, options));
  }

  /**
   * 情報照会の回答: imports the other municipality's records (the 副本's items: 統合宛名番号, 接種名称区分, 期回数区分,
   * 接種日, 接種区分) as one batch. Each record is matched by its 統合宛名番号 to the latest inquiry sent under it and
   * to the person asked about (who must still carry that number), goes through the dose check and is recorded with
   * source `other-municipality` and the inquiry it answers (InquiryAnswered on the inquiry's stream); the records the
   * check had reasons about are returned as `warned` (line, ids, 警告内容). A record matching no inquiry or no resident,
   * a dose already on the ledger from elsewhere, or a future date is held in the suspense queue with the reason. Bad
   * lines refuse the whole file (file, line, item named); importing the same file again, or the same record in a later
   * answer, adds nothing.
   */
  importInquiryAnswer(bytes: Uint8Array, options: InquiryAnswerImportOptions): Promise<InquiryAnswerSummary> {
    return this.ctx.run(() => transfers.importInquiryAnswer(this.ctx, bytes, options));
  }

  // ---- request letters (依頼書) -------------------------------------------------------------------------

  /**
   * 依頼書: lodges a request letter for a registered resident to be vaccinated outside the city (里帰り出産, a long stay):
   * the vaccine and dose (one the schedule has), the stay (address, postal code, telephone: sealed with the person's
   * key and seen only by registration and the person's disclosure), why, the clinic it is addressed to, where the copy
   * of the pre-examination form goes (予診票写しの宛先) and how it comes back (返送区分). Answers by id only.
   */
  lodgeLetter(input: LodgeLetterInput): Promise<LetterStep> {
    return this.ctx.run(() => letters.lodgeLetter(this.ctx, input));
  }

  /**
   * Issues a lodged letter with the city's 文書番号 and 起案番号, dated today (JST), and returns it for printing; the read
   * of the person's items is on the record (RecordViewed) before it is returned. A letter is issued once: again only
   * with `reissueReason`, and never once its dose is recorded.
   */
  issueLetter(letterId: string, input: { documentNumber: string; approvalNumber: string; contact?: string; reissueReason?: string }): Promise<RequestLetter> {
    return this.ctx.run(() => letters.issueLetter(this.ctx, letterId, input));
  }

  /**
   * The outside clinic's dose of an issued letter (its vaccine and dose, the date given, not before the letter was
   * issued): checked against the schedule as any registered dose, put on the person's ledger with source `outside`,
   * and noted on the letter, in one unit. Once per letter.
   */
  recordOutsideDose(letterId: string, input: OutsideDoseInput): Promise<RecordedOutsideDose> {
    return this.ctx.run(() => letters.recordOutsideDose(this.ctx, letterId, input));
  }

  /** 償還払い: the amount paid back (whole yen, positive) and the day it was paid; once, after the dose is recorded. */
  reimburseLetter(letterId: string, input: { amount: number; paidOn: string }): Promise<LetterStep & { amount: number; paidOn: string }> {
    return this.ctx.run(() => letters.reimburseLetter(this.ctx, letterId, input));
  }

  /** The letters, oldest first (`open`: not reimbursed yet), with the items the purpose may see; the read on the record. */
  letters(options: { open?: boolean } = {}): Promise<LetterView[]> {
    return this.ctx.run(() => letters.letters(this.ctx, options));
  }

  // ---- requests of the person (開示・訂正・利用停止) ------------------------------------------------------

  /** Lodges a request; it must be decided within 14 days of receipt unless extended with a reason. */
  lodgeRequest(input: { residentId: string; kind: RequestKind; receivedOn: string; summary?: string }): Promise<RequestDoc> {
    return this.ctx.run(() => requests.lodgeRequest(this.ctx, input));
  }

  /** Extends the deadline; an extension needs a reason, and is on the record. */
  extendRequest(requestId: string, deadline: string, reason: string): Promise<RequestDoc> {
    return this.ctx.run(() => requests.extendRequest(this.ctx, requestId, deadline, reason));
  }

  /**
   * Decides a request. A granted suspension marks the person (利用停止) so that uses without a legal duty are refused;
   * a granted correction is then made with the usual commands, acting for the purpose `disclosure`.
   */
  decideRequest(requestId: string, decision: 'granted' | 'partially-granted' | 'refused', reason: string): Promise<RequestDoc> {
    return this.ctx.run(() => requests.decideRequest(this.ctx, requestId, decision, reason));
  }

  /** Requests, oldest first; `overdue` lists those undecided past their deadline on the engine's today. */
  requests(options: { overdue?: boolean } = {}): Promise<RequestDoc[]> {
    return this.ctx.run(() => requests.requests(this.ctx, options));
  }

  /**
   * 開示: the export a granted disclosure request gives the person — their registry items, their ledger with every
   * correction and void, the notice runs that covered them and the 副本 exports that carried their records (provision
   * records), and the operation-log entries about
   * them. The export is itself on the record.
   */
  disclose(requestId: string): Promise<Disclosure> {
    return this.ctx.run(() => requests.disclose(this.ctx, requestId));
  }

  /**
   * 提供の記録: everything the engine handed out about the person — 副本 exports to the intermediate server,
   * certificates, notice runs, disclosures — each with its recipient, the items, when, the purpose and legal basis, and
   * the operator who decided it; oldest first. For the person's disclosure (tied to their request) and for audit. The
   * read is on the record before it is returned. An erased person has none.
   */
  provisions(residentId: string): Promise<ProvisionRecord> {
    return this.ctx.run(() => provisionReads.provisions(this.ctx, residentId));
  }

  // ---- health-damage relief (健康被害救済) ------------------------------------------------------------

  /**
   * Lodges a relief claim for one vaccination of the person and one benefit, checked against the vaccination's class
   * (A類: 医療費, 医療手当, 障害児養育年金, 障害年金, 死亡一時金, 葬祭料; B類: 医療費, 医療手当, 障害年金, 遺族年金, 遺族一時金,
   * 葬祭料; a temporary vaccination at A類's level; a voluntary one is not covered). The 個人番号 given is check-digit
   * validated, asked of the resolver (the 団体内統合宛名システム), which must name this very resident, and kept only as
   * its keyed blind index (HMAC-SHA-256 under the tenant's key), sealed with the person's key: a later claim with the
   * same number is recognized (`earlierCaseIds`), and one for another person refused. A number that is invalid, names
   * nobody or another person leaves nothing of itself: the refusal (OperationRejected: action and reason only) is the
   * one trace, an anonymous count.
   */
  lodgeRelief(input: LodgeReliefInput): Promise<ReliefCase> {
    return this.ctx.run(() => relief.lodgeRelief(this.ctx, input));
  }

  /** 進達: the case is sent to the prefecture for the national review (today, JST). Once only. */
  forwardRelief(caseId: string): Promise<ReliefCase> {
    return this.ctx.run(() => relief.forwardRelief(this.ctx, caseId));
  }

  /** The national review's finding as notified to the person; only a forwarded case, once. */
  decideRelief(caseId: string, decision: ReliefDecision, notifiedOn: string): Promise<ReliefCase> {
    return this.ctx.run(() => relief.decideRelief(this.ctx, caseId, decision, notifiedOn));
  }

  /** A payment (yen) of a certified case; a lump sum (死亡一時金, 遺族一時金, 葬祭料) once only. */
  payRelief(caseId: string, amount: number, paidOn: string): Promise<ReliefCase> {
    return this.ctx.run(() => relief.payRelief(this.ctx, caseId, amount, paidOn));
  }

  /** Every relief case, oldest claim first (the read is on the record). */
  reliefCases(): Promise<ReliefCase[]> {
    return this.ctx.run(() => relief.reliefCases(this.ctx));
  }

  // ---- retention and erasure --------------------------------------------------------------------

  /**
   * Erases a person's personal items by destroying their key: every sealed event and document of theirs, in this
   * database and in any copy, then reads as erased. The operation log keeps its entries (ids and item names only) and
   * the chain still verifies; the statistics keep the person's doses as anonymous cells. Allowed once the retention
   * period has passed since the person left and since their last vaccination; before that only with a reason.
   * Held slips and VRS rows that name the person or carry their 4 information go with them (each under a key of its
   * own). For a person already recorded as erased, it destroys whatever of theirs remains (an interrupted erasure)
   * and says so (`alreadyErased`). Returns counts, never data.
   */
  erase(residentId: string, options: { reason?: string } = {}): Promise<erasure.ErasureResult> {
    return this.ctx.run(() => erasure.erase(this.ctx, residentId, options));
  }

  // ---- statistics and the operation log ---------------------------------------------------------

  /** 統計: counts and coverage with every cell under 10 persons suppressed. Logged as a read of aggregates. */
  statistics(fiscalYear: number): Promise<StatisticsReport> {
    return this.ctx.run(() => auditReads.statistics(this.ctx, fiscalYear));
  }

  /**
   * 地域保健・健康増進事業報告 (予防接種): the routine doses of a 年度 as persons vaccinated by vaccine, 期/回 and age group
   * (layout: docs/reports.md). Exact counts as submitted, unless `audience: 'published'` (cells under 10 suppressed).
   */
  annualReport(fiscalYear: number, options: ReportOptions = {}): Promise<StatutoryReport> {
    return this.ctx.run(() => reports.annualStatutoryReport(this.ctx, fiscalYear, options));
  }

  /** 接種状況報告 to the prefecture: the routine doses of a month (YYYY-MM) by vaccine and 期/回. */
  monthlyReport(month: string, options: ReportOptions = {}): Promise<StatutoryReport> {
    return this.ctx.run(() => reports.monthlyStatutoryReport(this.ctx, month, options));
  }

  /**
   * The operation log of this tenant, filtered; viewing it is itself logged. With a limit, only the last entries that
   * pass the filter (read from the newest row back, where the store can).
   */
  operationLog(filter: OplogFilter = {}): Promise<OplogEntry[]> {
    return this.ctx.run(() => auditReads.operationLog(this.ctx, filter));
  }

  /**
   * The operation log of this tenant, filtered, entry by entry, for a log too large to hold in memory (a city's whole
   * log). The read is logged first, so nothing is shown unlogged; it covers the rows stored when it began, so its own
   * record and anything written while it runs are not part of it.
   */
  operationLogEntries(selection: OplogSelection & { verifyLinks?: boolean } = {}): AsyncIterable<OplogEntry> {
    return auditReads.operationLogEntries(this.ctx, selection);
  }

  /**
   * 再現: what the store knew at a past instant (`asOf`: an ISO instant, or a date taken as 00:00 JST), folded from the
   * events recorded up to then into fresh projections: counts, statistics of the instant's 年度 (or `fiscalYear`), the
   * operator roster, the undecided requests and the held slips, ids and statuses only; with `residentId`, that
   * resident's ledger as of then. Logged as a read (replay.view) before it is returned.
   */
  replay(asOf: string, options: { residentId?: string; fiscalYear?: number } = {}): Promise<Replay> {
    return this.ctx.run(() => replays.replay(this.ctx, asOf, options));
  }
}

import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import {
  DomainError, currentVersionOf, recordedEventOf, storedRowsMatching, type StoredRowFilter, newEventId, parseDomainEvent, residentDecider, streams, vaccinationDecider,
  operatorDecider, ResidentDetailsSchema, VaccinationFieldsSchema,
  NoticeKindSchema, EligibilityCriteriaSchema, fiscalYearOf, parseIsoDate, type Credentials, LEGAL_DUTY_PURPOSES,
  REQUEST_DECISION_DAYS, formatIsoDate, RequestKindSchema, type RequestKind, type OperatorCommand, itemsFor, ITEMS_BY_PURPOSE, type ViewItem,
  type Action, type NoticeKind, type Purpose, type ResidentCommand, type StreamAppend, type ResidentDetails, type Role, type VaccinationCommand,
  type VaccinationFields,
} from '@vaxledger/domain';
import {
  computeStatistics, docKey, EligibilityIndex, type SuspenseDoc, type OperatorDoc, ageGroupOf, ageOn, type RetainedStatisticsDoc, type RequestDoc, foldLedger, ledgerOf, readEligibility, ledgerPrefix, type LedgerRecordDoc, type ProjectedEvent, lastOperationLogEntries, readSelectedOperationLog, projectedEventOf,
  type EligibilityDoc, type EligibilityQuery, type EligibilityRow, type LedgerDoc, type OplogEntry, type OplogSelection, type ResidentDoc,
  type StatisticsReport,
} from '@vaxledger/projections';
import type { Engine } from './engine.ts';
import { categoryFor, checkRecordedDose } from './dose-check.ts';
import { generateSecret, hashSecret } from '../security/secret-authenticator.ts';
import { sealedClearView } from '../security/subject-cipher.ts';
import { importRegistryFile, type RegistryImportOptions } from './registry-importer.ts';
import { fieldsOfSlip, importSlipFile, japanDate, type SlipImportOptions } from './slip-importer.ts';
import type { ImportSummary } from './import-errors.ts';

export interface RecordVaccinationInput extends Omit<VaccinationFields, 'category'> {
  readonly residentId: string;
  readonly category?: VaccinationFields['category'];
  readonly source: 'clinic-slip' | 'counter' | 'other-municipality' | 'vrs' | 'manual';
  readonly identityDocument?: string;
  readonly warnings?: readonly string[];
  readonly recordId?: string;
}

export interface RecordedVaccination {
  readonly recordId: string;
  /** Whether the schedule check found the dose routine (定期). */
  readonly routine: boolean;
  readonly category: VaccinationFields['category'];
  /** 警告内容: why the dose is not routine, or what the record lacks. */
  readonly warnings: readonly string[];
}

export interface LedgerView {
  readonly residentId: string;
  /** Only the items the purpose may see (事務と情報項目の対応付け); the others are absent, not blank. */
  readonly resident: Partial<Pick<ResidentDetails, 'kanaName' | 'kanjiName' | 'birthDate' | 'sex' | 'address' | 'postalCode' | 'integratedAddresseeNo'>> & {
    readonly status: string;
    /** True when 住基閲覧注意 withheld the address from this purpose. */
    readonly addressWithheld?: boolean;
  };
  readonly records: LedgerDoc['records'][number][];
  /** The items shown, as recorded in the operation log. */
  readonly items: readonly ViewItem[];
  readonly asOf: string | null;
}

export interface NoticeRun {
  readonly runId: string;
  readonly kind: NoticeKind;
  readonly criteria: EligibilityQuery;
  readonly notices: ReadonlyArray<EligibilityRow & { kanaName: string; kanjiName: string; postalCode: string | null; address: string; addressSupplement: string | null }>;
  /** Matched but left out: 送付除外 or 住基閲覧注意. */
  readonly withheld: number;
}

export interface Disclosure {
  readonly requestId: string;
  readonly residentId: string;
  readonly exportedAt: string;
  readonly resident: ResidentDetails & { readonly status: string };
  readonly records: LedgerDoc['records'][number][];
  /** Provision records: the notice runs (接種券, 案内, 勧奨) that covered the person. */
  readonly notices: ReadonlyArray<{ runId: string; kind: string; at: string; vaccine: string; dose: number }>;
  readonly operationLog: ReadonlyArray<Omit<OplogEntry, 'hash' | 'previousHash'>>;
}

export interface OplogFilter extends OplogSelection {
  readonly limit?: number;
}


function describeInvalid(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(value)'}: ${i.message}`).join('; ');
}

/** One operator acting for one purpose. Built by `engine.session(operatorId, purpose, credentials)`. */
export class Session {
  /** The operator authenticates once per session; every call is still authorized on its own. */
  private authenticated = false;
  /** The roles the operator held at the last authorization: recorded with each event (who acted, in what role). */
  private roles: readonly string[] = [];

  constructor(
    private readonly engine: Engine,
    readonly operatorId: string,
    readonly purpose: Purpose,
    private readonly credentials?: Credentials,
  ) {}

  private async authorize(action: Action, residentId?: string): Promise<void> {
    const operator = await this.engine.authorize(this.operatorId, this.purpose, action, residentId, this.authenticated ? null : (this.credentials ?? {}));
    this.authenticated = true;
    this.roles = operator.roles;
  }

  private meta(source = 'api') {
    return { ...this.engine.metadata(this.operatorId, this.purpose, randomUUID(), source), roles: [...this.roles] };
  }

  private get tenant() {
    return this.engine.tenant;
  }

  // ---- residents -------------------------------------------------------------------------------

  async registerResident(residentId: string, details: ResidentDetails): Promise<void> {
    await this.resident({ type: 'RegisterResident', residentId, details }, 'resident.write');
  }

  async changeResidentDetails(residentId: string, changes: Partial<ResidentDetails>, movement?: string): Promise<number> {
    return this.resident({ type: 'ChangeResidentDetails', residentId, changes, movement }, 'resident.write');
  }

  async moveOut(residentId: string, movedOutOn: string): Promise<void> {
    await this.resident({ type: 'MoveOutResident', residentId, movedOutOn }, 'resident.write');
  }

  async moveIn(residentId: string, movedInOn: string, address?: string): Promise<void> {
    await this.resident({ type: 'MoveInResident', residentId, movedInOn, address }, 'resident.write');
  }

  async recordDeath(residentId: string, diedOn: string): Promise<void> {
    await this.resident({ type: 'RecordResidentDeath', residentId, diedOn }, 'resident.write');
  }

  private async resident(command: ResidentCommand, action: Action): Promise<number> {
    await this.authorize(action, command.residentId);
    if (command.type === 'RegisterResident') {
      const parsed = ResidentDetailsSchema.safeParse(command.details);
      if (!parsed.success) throw new DomainError('invalid-resident', `resident ${command.residentId}: ${describeInvalid(parsed.error)}`);
    }
    const stream = streams.resident(this.tenant, command.residentId);
    const { state, revision } = await this.engine.load(residentDecider, stream);
    const decided = residentDecider.decide(command, state);
    if (E.isLeft(decided)) throw decided.left;
    if (decided.right.length === 0) return 0;
    await this.engine.appendDecided(
      { stream, events: decided.right, expectedRevision: revision ?? 'no_stream' },
      this.meta(),
    );
    await this.engine.catchUp();
    return decided.right.length;
  }

  // ---- vaccinations ----------------------------------------------------------------------------

  /**
   * Registers a vaccination; returns its record id. The resident must be in the registry. The dose goes through
   * the schedule check: a dose that is not routine is recorded all the same, with the reasons as 警告内容.
   */
  async recordVaccination(input: RecordVaccinationInput): Promise<RecordedVaccination> {
    const { residentId, source, identityDocument, warnings, recordId, category, ...rest } = input;
    const fields = VaccinationFieldsSchema.safeParse({ category: category ?? 'routine', ...rest });
    if (!fields.success) throw new DomainError('invalid-vaccination', `resident ${residentId}: ${describeInvalid(fields.error)}`);
    const id = recordId ?? randomUUID();
    await this.authorize('vaccination.write', residentId);
    await this.requireResident(residentId);
    const check = checkRecordedDose(fields.data, await this.eligibilityDoc(residentId), this.engine.rules);
    const decidedFields = { ...fields.data, category: categoryFor(check, category) };
    await this.vaccination(
      { type: 'RecordVaccination', recordId: id, residentId, fields: decidedFields, source, identityDocument, warnings: [...new Set([...check.reasons, ...(warnings ?? [])])] },
      true,
    );
    return { recordId: id, routine: check.routine, category: decidedFields.category, warnings: check.reasons };
  }

  /** Corrects items of a record; the schedule check runs again when the vaccine, dose, date or product changes. */
  async correctVaccination(input: { residentId: string; recordId: string; changes: Partial<VaccinationFields>; reason: string }): Promise<void> {
    const changes = VaccinationFieldsSchema.partial().safeParse(input.changes);
    if (!changes.success) throw new DomainError('invalid-correction', `record ${input.recordId}: ${describeInvalid(changes.error)}`);
    await this.authorize('vaccination.write', input.residentId);
    await this.requireResident(input.residentId);
    let corrected = changes.data;
    let warnings: string[] | undefined;
    const c = changes.data;
    if (c.vaccine !== undefined || c.dose !== undefined || c.date !== undefined || c.product !== undefined) {
      const current = (await this.currentLedger(input.residentId))?.records.find((r) => r.recordId === input.recordId);
      if (current) {
        const next = { ...current.fields, ...c };
        const check = checkRecordedDose(next, await this.eligibilityDoc(input.residentId), this.engine.rules, input.recordId);
        warnings = check.reasons;
        if (c.category === undefined && current.fields.category !== 'temporary' && current.fields.category !== 'special-measures') {
          corrected = { ...c, category: categoryFor(check, undefined) };
        }
      }
    }
    await this.vaccination({ type: 'CorrectVaccination', recordId: input.recordId, residentId: input.residentId, changes: corrected, reason: input.reason, ...(warnings ? { warnings } : {}) }, true);
  }

  /** Records a condition the schedule law depends on (長期療養特例, 抗体検査の結果, 妊娠, …). */
  async recordCondition(residentId: string, condition: string): Promise<void> {
    await this.vaccination({ type: 'RecordCondition', residentId, condition });
  }

  async withdrawCondition(residentId: string, condition: string, reason: string): Promise<void> {
    await this.vaccination({ type: 'WithdrawCondition', residentId, condition, reason });
  }

  private async eligibilityDoc(residentId: string): Promise<EligibilityDoc | undefined> {
    return (await readEligibility(this.engine.projectionStore, this.tenant, [residentId])).get(residentId);
  }

  async voidVaccination(input: { residentId: string; recordId: string; reason: string }): Promise<void> {
    await this.vaccination({ type: 'VoidVaccination', ...input });
  }

  private async vaccination(command: VaccinationCommand, authorized = false): Promise<void> {
    if (!authorized) {
      await this.authorize('vaccination.write', command.residentId);
      await this.requireResident(command.residentId);
    }
    const stream = streams.vaccination(this.tenant, command.residentId);
    const { state, revision } = await this.engine.load(vaccinationDecider, stream);
    const decided = vaccinationDecider.decide(command, state);
    if (E.isLeft(decided)) throw decided.left;
    await this.engine.appendDecided(
      { stream, events: decided.right, expectedRevision: revision ?? 'no_stream' },
      this.meta(),
    );
    await this.engine.catchUp();
  }

  private async requireResident(residentId: string): Promise<ResidentDoc> {
    const doc = (await this.engine.projectionStore.getDocs('residents', [docKey(this.tenant, residentId)])).get(docKey(this.tenant, residentId));
    if (!doc) throw new DomainError('unknown-resident', `resident ${residentId} is not registered`);
    return doc.doc as ResidentDoc;
  }

  // ---- operators -------------------------------------------------------------------------------

  /**
   * Registers an operator (an individual id: shared ids are refused) with roles and the affairs they serve. With a key
   * store, an initial secret is set (generated unless given) and returned once; only its scrypt hash is kept.
   */
  async registerOperator(operatorId: string, roles: readonly Role[], purposes: readonly Purpose[], options: { secret?: string } = {}): Promise<{ operatorId: string; secret?: string }> {
    await this.authorize('operator.manage');
    await this.operatorCommand({ type: 'RegisterOperator', operatorId, roles, purposes }, 'no_stream');
    if (!this.engine.keyStore) return { operatorId };
    const secret = options.secret ?? generateSecret();
    await this.engine.keyStore.putSecretHash(this.tenant, operatorId, await hashSecret(secret));
    return { operatorId, secret };
  }

  async grantRoles(operatorId: string, roles: readonly Role[], purposes: readonly Purpose[] = []): Promise<void> {
    await this.authorize('operator.manage');
    await this.operatorCommand({ type: 'GrantRoles', operatorId, roles, purposes }, 'any');
  }

  /** Takes roles or affairs away (a change of duties); takes effect on the operator's next call. */
  async revokeRoles(operatorId: string, roles: readonly Role[], purposes: readonly Purpose[] = []): Promise<void> {
    await this.authorize('operator.manage');
    await this.operatorCommand({ type: 'RevokeRoles', operatorId, roles, purposes }, 'any');
  }

  /** 人事異動: the operator can do nothing more; their history stays. */
  async deactivateOperator(operatorId: string, reason: string): Promise<void> {
    await this.authorize('operator.manage');
    await this.operatorCommand({ type: 'DeactivateOperator', operatorId, reason }, 'any');
  }

  /** Sets a secret: one's own, or (as a system administrator) another operator's. Only the hash is kept. */
  async changeSecret(newSecret: string, operatorId = this.operatorId): Promise<void> {
    if (!this.engine.keyStore) throw new DomainError('no-key-store', 'this engine has no key store to keep secrets in');
    if (newSecret.length < 12) throw new DomainError('weak-secret', 'a secret must have at least 12 characters');
    await this.authorize(operatorId === this.operatorId ? 'operator.passwd' : 'operator.manage');
    const stream = streams.operator(this.tenant, operatorId);
    const { state } = await this.engine.load(operatorDecider, stream);
    if (state.status !== 'active') throw new DomainError('operator-not-active', `operator ${operatorId} is not active`);
    await this.engine.keyStore.putSecretHash(this.tenant, operatorId, await hashSecret(newSecret));
    await this.engine.appendDecided({ stream, events: [{ type: 'OperatorSecretChanged', data: { operatorId } }], expectedRevision: 'any' }, this.meta());
    await this.engine.catchUp();
  }

  /** 権限の見直し: who holds which roles and affairs, and when each id was last used. The read is logged. */
  async operatorReview(): Promise<OperatorDoc[]> {
    await this.authorize('operator.review');
    await this.engine.catchUp();
    const out: OperatorDoc[] = [];
    for await (const { doc } of this.engine.projectionStore.scan('operators', { prefix: `${this.tenant}/` })) out.push(doc as OperatorDoc);
    await this.logRead('operator.review', ['operatorId', 'roles', 'purposes', 'status', 'lastActedAt'], { count: out.length });
    return out;
  }

  private async operatorCommand(command: OperatorCommand, expected: 'no_stream' | 'any'): Promise<void> {
    const stream = streams.operator(this.tenant, command.operatorId);
    const { state, revision } = await this.engine.load(operatorDecider, stream);
    const decided = operatorDecider.decide(command, state);
    if (E.isLeft(decided)) throw decided.left;
    if (decided.right.length === 0) return;
    await this.engine.appendDecided({ stream, events: decided.right, expectedRevision: revision ?? expected }, this.meta());
    await this.engine.catchUp();
  }

  // ---- reads (each one is on the record before it is shown) ------------------------------------

  /**
   * The vaccination ledger of one resident, now or as the store knew it at a past instant (`asOf`, ISO 8601).
   * The read is appended to the operation log before the ledger is returned.
   */
  async viewLedger(residentId: string, options: { asOf?: string } = {}): Promise<LedgerView> {
    await this.authorize('ledger.view', residentId);
    const resident = await this.requireResident(residentId);
    if (resident.suspended && !LEGAL_DUTY_PURPOSES.includes(this.purpose)) {
      await this.engine.deny(this.operatorId, this.purpose, 'ledger.view', residentId, 'use-suspended');
    }
    let asOf: string | null = null;
    if (options.asOf !== undefined) {
      const t = Date.parse(options.asOf);
      if (Number.isNaN(t)) throw new DomainError('invalid-instant', '--as-of is not an ISO 8601 instant');
      asOf = new Date(t).toISOString();
    }
    const doc = asOf === null ? await this.currentLedger(residentId) : await this.ledgerAsOf(residentId, { instant: asOf });
    const restricted = resident.details.addressDisclosureRestricted === true;
    const items = itemsFor(this.purpose, restricted);
    const shown: Record<string, unknown> = { status: resident.status };
    for (const item of items) {
      if (item === 'residentId' || item === 'vaccinations') continue;
      const value = resident.details[item];
      if (value !== undefined) shown[item] = value;
    }
    if (restricted && !items.includes('address') && ITEMS_BY_PURPOSE[this.purpose].includes('address')) shown.addressWithheld = true;
    await this.logRead('ledger.view', items, { residentId, asOf: asOf ?? undefined, count: doc?.records.length ?? 0 });
    return {
      residentId,
      resident: shown as LedgerView['resident'],
      records: doc && items.includes('vaccinations') ? [...doc.records] : [],
      items,
      asOf,
    };
  }

  private async currentLedger(residentId: string): Promise<LedgerDoc | undefined> {
    const records: LedgerRecordDoc[] = [];
    for await (const { doc } of this.engine.projectionStore.scan('ledger', { prefix: ledgerPrefix(this.tenant, residentId) })) records.push(doc as LedgerRecordDoc);
    return ledgerOf(this.tenant, residentId, records);
  }

  /**
   * Replays the resident's vaccination stream up to an instant or a global position: the ledger as it stood then.
   * (The ledger document of a resident depends on that stream alone, so the replay equals a full rebuild to that point.)
   */
  async ledgerAsOf(residentId: string, at: { instant?: string; position?: number }): Promise<LedgerDoc | undefined> {
    const events: ProjectedEvent[] = [];
    for await (const e of this.engine.store.readStream(streams.vaccination(this.tenant, residentId))) {
      if (at.instant !== undefined && e.recordedAt > at.instant) break;
      if (at.position !== undefined && Number(e.globalPosition) > at.position) break;
      events.push(projectedEventOf(e, ''));
    }
    return foldLedger(this.tenant, residentId, events);
  }

  // ---- imports and the suspense queue ------------------------------------------------------------

  /** 対象者登録: imports a resident-registry file (weekly diff or full extract) as one batch. */
  async importRegistry(bytes: Uint8Array, options: RegistryImportOptions): Promise<ImportSummary> {
    await this.authorize('import.registry');
    const summary = await importRegistryFile(this.engine, bytes, this.meta('import'), options);
    options.onProgress?.('projecting', 0, 1);
    await this.engine.catchUp();
    return summary;
  }

  /** 予防接種実績登録: imports a month's clinic slips as one batch; doubtful slips go to the suspense queue. */
  async importSlips(bytes: Uint8Array, options: SlipImportOptions): Promise<ImportSummary> {
    await this.authorize('import.slips');
    const summary = await importSlipFile(this.engine, bytes, this.meta('import'), options);
    options.onProgress?.('projecting', 0, 1);
    await this.engine.catchUp();
    return summary;
  }

  /** The suspense queue (疑義): held slips, oldest first; shown to a registration clerk, and logged as a read. */
  async suspense(options: { status?: SuspenseDoc['status'] | 'all' } = {}): Promise<SuspenseDoc[]> {
    await this.authorize('suspense.view');
    await this.engine.catchUp();
    const status = options.status ?? 'held';
    const out: SuspenseDoc[] = [];
    for await (const { doc } of this.engine.projectionStore.scan('suspense', { prefix: `${this.tenant}/` })) {
      const d = doc as SuspenseDoc;
      if (status === 'all' || d.status === status) out.push(d);
    }
    out.sort((a, b) => a.heldAt.localeCompare(b.heldAt) || a.line - b.line);
    await this.logRead('suspense.view', ['slip', 'reason'], { count: out.length });
    return out;
  }

  /**
   * Resolves a held slip after investigation: matched to a resident (the slip is then recorded, through the dose
   * check) or rejected with a reason. The resolution and the record are appended together.
   */
  async resolveSlip(slipId: string, resolution: { match: string; reason?: string } | { reject: string }): Promise<{ recordId?: string }> {
    await this.authorize('suspense.resolve', 'match' in resolution ? resolution.match : undefined);
    await this.engine.catchUp();
    const key = docKey(this.tenant, slipId);
    const held = (await this.engine.projectionStore.getDocs('suspense', [key])).get(key)?.doc as SuspenseDoc | undefined;
    if (!held) throw new DomainError('unknown-slip', `no held slip ${slipId.slice(0, 36)}`);
    if (held.status !== 'held') throw new DomainError('slip-resolved', `slip ${slipId} was already ${held.status}`);
    const slipStream = { stream: streams.slip(this.tenant, slipId), expectedRevision: 0n as const };
    const metadata = this.meta();
    if ('reject' in resolution) {
      await this.engine.store.appendMulti([{ ...slipStream, events: [this.envelope('SlipResolved', { slipId, resolution: 'rejected', reason: resolution.reject }, metadata)] }]);
      await this.engine.catchUp();
      return {};
    }
    const residentId = resolution.match;
    await this.requireResident(residentId);
    const fields = fieldsOfSlip(held.slip);
    const check = checkRecordedDose(fields, await this.eligibilityDoc(residentId), this.engine.rules);
    const recordId = randomUUID();
    const vaccinationStream = streams.vaccination(this.tenant, residentId);
    const revision = await this.engine.store.streamRevision(vaccinationStream);
    await this.engine.store.appendMulti([
      { ...slipStream, events: [this.envelope('SlipResolved', { slipId, resolution: 'matched', residentId, recordId, reason: resolution.reason ?? 'matched after investigation' }, metadata)] },
      {
        stream: vaccinationStream, expectedRevision: revision ?? 'no_stream',
        events: [this.envelope('VaccinationRecorded', { ...fields, category: categoryFor(check, held.slip.category), recordId, residentId, source: 'clinic-slip', warnings: check.reasons }, metadata)],
      },
    ]);
    await this.engine.catchUp();
    return { recordId };
  }

  private envelope(type: Parameters<typeof parseDomainEvent>[0], data: unknown, metadata: ReturnType<Engine['metadata']>) {
    const parsed = parseDomainEvent(type, data);
    return { id: newEventId(), type: parsed.type, schemaVersion: currentVersionOf(parsed.type), data: parsed.data, metadata };
  }

  // ---- extraction and statistics -----------------------------------------------------------------

  private async eligibilityIndex(): Promise<EligibilityIndex> {
    await this.engine.catchUp();
    return this.engine.eligibilityIndex();
  }

  /**
   * 対象者抽出: who is due, closing, upcoming or has missed a vaccine and dose on a date (statuses computed now, from
   * facts). Residents who moved out, died or were cancelled are left out. The extraction is logged as a read.
   */
  async eligible(query: EligibilityQuery): Promise<EligibilityRow[]> {
    const criteria = EligibilityCriteriaSchema.safeParse(query);
    if (!criteria.success) throw new DomainError('invalid-criteria', describeInvalid(criteria.error));
    await this.authorize('eligibility.view');
    const rows = (await this.eligibilityIndex()).query(query);
    await this.logRead('eligibility.view', ['residentId', 'status', 'window', 'wardCode'], { count: rows.length });
    return rows;
  }

  /**
   * 接種券 / 案内通知 / 勧奨通知: extracts and puts the run on the record (NoticesIssued, with criteria and residents
   * covered). Residents marked 送付除外 or 住基閲覧注意 are withheld from the run and from the printing file.
   * Tickets and guidance go to those due, closing or upcoming; reminders to those due, closing or who missed it.
   */
  async issueNotices(kind: NoticeKind, query: EligibilityQuery): Promise<NoticeRun> {
    const parsedKind = NoticeKindSchema.safeParse(kind);
    if (!parsedKind.success) throw new DomainError('invalid-notice-kind', 'notice kind must be ticket, guidance or reminder');
    const criteria = EligibilityCriteriaSchema.safeParse(query);
    if (!criteria.success) throw new DomainError('invalid-criteria', describeInvalid(criteria.error));
    await this.authorize('notices.issue');
    const statuses = kind === 'reminder' ? (['due', 'closing', 'missed'] as const) : (['due', 'closing', 'upcoming'] as const);
    const matched = (await this.eligibilityIndex()).query({ ...criteria.data, statuses });
    const covered = matched.filter((r) => !r.noMail);
    const runId = randomUUID();
    await this.engine.appendDecided(
      {
        stream: streams.notices(this.tenant, runId),
        events: [{ type: 'NoticesIssued', data: { runId, kind, criteria: criteria.data, residentIds: covered.map((r) => r.residentId), withheld: matched.length - covered.length } }],
        expectedRevision: 'no_stream',
      },
      this.meta(),
    );
    await this.engine.catchUp();
    // What a notice needs, and nothing more: name, postal code, address.
    const keys = covered.map((r) => docKey(this.tenant, r.residentId));
    const residents = await this.engine.projectionStore.getDocs('residents', keys);
    const notices = covered.map((r) => {
      const d = (residents.get(docKey(this.tenant, r.residentId))?.doc as ResidentDoc).details;
      // Object.assign: a spread followed by new members is a slow path in V8 (Node 20), and a run can list 100,000s.
      return Object.assign({}, r, { kanaName: d.kanaName, kanjiName: d.kanjiName, postalCode: d.postalCode ?? null, address: d.address, addressSupplement: d.addressSupplement ?? null });
    });
    return { runId, kind, criteria: criteria.data, notices, withheld: matched.length - covered.length };
  }

  // ---- requests of the person (開示・訂正・利用停止) -------------------------------------------------------

  /** Lodges a request; it must be decided within 14 days of receipt unless extended with a reason. */
  async lodgeRequest(input: { residentId: string; kind: RequestKind; receivedOn: string; summary?: string }): Promise<RequestDoc> {
    await this.authorize('request.manage', input.residentId);
    if (!RequestKindSchema.safeParse(input.kind).success) throw new DomainError('invalid-request-kind', 'kind must be disclosure, correction or suspension');
    await this.requireResident(input.residentId);
    const received = parseIsoDate(input.receivedOn);
    if (received === null) throw new DomainError('invalid-date', 'the date of receipt is not a valid date');
    const requestId = randomUUID();
    await this.engine.store.appendMulti([{
      stream: streams.request(this.tenant, requestId), expectedRevision: 'no_stream',
      events: [this.envelope('RequestLodged', { requestId, kind: input.kind, residentId: input.residentId, receivedOn: input.receivedOn, deadline: formatIsoDate(received + REQUEST_DECISION_DAYS), ...(input.summary ? { summary: input.summary } : {}) }, this.meta())],
    }]);
    return this.request(requestId);
  }

  /** Extends the deadline; an extension needs a reason, and is on the record. */
  async extendRequest(requestId: string, deadline: string, reason: string): Promise<RequestDoc> {
    const current = await this.request(requestId);
    if (current.status !== 'lodged') throw new DomainError('request-decided', `request ${requestId} is already decided`);
    if (parseIsoDate(deadline) === null || deadline <= current.deadline) throw new DomainError('invalid-deadline', 'the new deadline must be a valid date after the current one');
    await this.appendToRequest(requestId, 'RequestDeadlineExtended', { requestId, residentId: current.residentId, deadline, reason });
    return this.request(requestId);
  }

  /**
   * Decides a request. A granted suspension marks the person (利用停止) so that uses without a legal duty are refused;
   * a granted correction is then made with the usual commands, acting for the purpose `disclosure`.
   */
  async decideRequest(requestId: string, decision: 'granted' | 'partially-granted' | 'refused', reason: string): Promise<RequestDoc> {
    const current = await this.request(requestId);
    if (current.status !== 'lodged') throw new DomainError('request-decided', `request ${requestId} is already decided`);
    const decidedOn = japanDate(this.engine.clock.now());
    const metadata = this.meta();
    const appends: StreamAppend[] = [{
      stream: streams.request(this.tenant, requestId), expectedRevision: 'stream_exists',
      events: [this.envelope('RequestDecided', { requestId, residentId: current.residentId, decision, reason, decidedOn }, metadata)],
    }];
    if (current.kind === 'suspension' && decision !== 'refused') {
      appends.push({ stream: streams.resident(this.tenant, current.residentId), expectedRevision: 'stream_exists', events: [this.envelope('UseSuspended', { residentId: current.residentId, requestId }, metadata)] });
    }
    await this.engine.store.appendMulti(appends);
    return this.request(requestId);
  }

  /** Requests, oldest first; `overdue` lists those undecided past their deadline on the engine's today. */
  async requests(options: { overdue?: boolean } = {}): Promise<RequestDoc[]> {
    await this.authorize('request.manage');
    await this.engine.catchUp();
    const today = japanDate(this.engine.clock.now());
    const out: RequestDoc[] = [];
    for await (const { doc } of this.engine.projectionStore.scan('requests', { prefix: `${this.tenant}/` })) {
      const r = doc as RequestDoc;
      if (!options.overdue || (r.status === 'lodged' && r.deadline < today)) out.push(r);
    }
    out.sort((a, b) => a.receivedOn.localeCompare(b.receivedOn));
    await this.logRead('request.list', ['requestId', 'kind', 'residentId', 'deadline', 'status'], { count: out.length });
    return out;
  }

  /**
   * 開示: the export a granted disclosure request gives the person — their registry items, their ledger with every
   * correction and void, the notice runs that covered them (provision records), and the operation-log entries about
   * them. The export is itself on the record.
   */
  async disclose(requestId: string): Promise<Disclosure> {
    const request = await this.request(requestId);
    if (request.kind !== 'disclosure' || request.status !== 'decided' || request.decision === 'refused') {
      throw new DomainError('not-disclosable', `request ${requestId} is not a granted disclosure request`);
    }
    const residentId = request.residentId;
    const resident = await this.requireResident(residentId);
    const ledger = await this.currentLedger(residentId);
    const notices: Array<Disclosure['notices'][number]> = [];
    const log: OplogEntry[] = [];
    // Notice runs are kept in clear (ids and criteria): only the rows of runs that name this person are parsed, and no
    // sealed row is opened, so that a city's store is read, not decrypted, for one person's disclosure.
    const runs: StoredRowFilter = { tenant: this.tenant, typeIs: 'NoticesIssued', dataContains: JSON.stringify(residentId) };
    for await (const { row } of storedRowsMatching(this.engine.store, runs)) {
      const e = recordedEventOf(row);
      const d = e.data as { runId: string; kind: string; residentIds: string[]; criteria: { vaccine: string; dose: number } };
      if (d.residentIds.includes(residentId)) notices.push({ runId: d.runId, kind: d.kind, at: e.recordedAt, vaccine: d.criteria.vaccine, dose: d.criteria.dose });
    }
    for await (const entry of readSelectedOperationLog(this.engine.store, this.tenant, sealedClearView, { resident: residentId })) log.push(entry);
    const items = itemsFor('disclosure', false);
    await this.logRead('disclosure.export', [...items, 'notices', 'operationLog'], { residentId, count: log.length });
    return {
      requestId, residentId, exportedAt: this.engine.clock.now().toISOString(),
      resident: { ...resident.details, status: resident.status },
      records: ledger ? [...ledger.records] : [],
      notices,
      operationLog: log.map(({ hash: _h, previousHash: _p, ...entry }) => entry),
    };
  }

  /** A request, after the one policy decision (deny by default) for managing requests. */
  private async request(requestId: string): Promise<RequestDoc> {
    await this.authorize('request.manage');
    await this.engine.catchUp();
    const key = docKey(this.tenant, requestId);
    const doc = (await this.engine.projectionStore.getDocs('requests', [key])).get(key)?.doc as RequestDoc | undefined;
    if (!doc) throw new DomainError('unknown-request', `no request ${requestId.slice(0, 36)}`);
    return doc;
  }

  private async appendToRequest(requestId: string, type: 'RequestDeadlineExtended', data: unknown): Promise<void> {
    await this.engine.store.appendMulti([{ stream: streams.request(this.tenant, requestId), expectedRevision: 'stream_exists', events: [this.envelope(type, data, this.meta())] }]);
  }

  // ---- retention and erasure ----------------------------------------------------------------------

  /**
   * Erases a person's personal items by destroying their key: every sealed event and document of theirs, in this
   * database and in any copy, then reads as erased. The operation log keeps its entries (ids and item names only) and
   * the chain still verifies; the statistics keep the person's doses as anonymous cells. Allowed once the retention
   * period has passed since the person left and since their last vaccination; before that only with a reason.
   */
  async erase(residentId: string, options: { reason?: string } = {}): Promise<{ withinRetention: boolean }> {
    await this.authorize('subject.erase', residentId);
    if (!this.engine.cipher) throw new DomainError('no-cipher', 'this engine keeps no sealed data: nothing to erase by key');
    const resident = await this.requireResident(residentId);
    const person = await this.eligibilityDoc(residentId);
    const today = japanDate(this.engine.clock.now());
    const years = this.engine.retentionYears;
    const plusYears = (iso: string) => `${String(Number(iso.slice(0, 4)) + years).padStart(4, '0')}${iso.slice(4)}`;
    const lastDose = (person?.doses ?? []).reduce((m, d) => (d.date > m ? d.date : m), '0000-01-01');
    const left = resident.status !== 'resident' && resident.leftOn !== undefined;
    const withinRetention = !left || plusYears(resident.leftOn!) > today || plusYears(lastDose) > today;
    if (withinRetention && !options.reason) {
      throw new DomainError('within-retention', `resident ${residentId} is within the retention period (${years} years after leaving and after the last vaccination); give a reason to erase now`);
    }
    const cells = new Map<string, { vaccine: string; dose: number; fiscalYear: number; ward: string; ageGroup: string }>();
    const birth = parseIsoDate(resident.details.birthDate);
    for (const d of person?.doses ?? []) {
      const day = parseIsoDate(d.date)!;
      const cell = { vaccine: d.vaccine, dose: d.dose, fiscalYear: fiscalYearOf(day), ward: resident.details.wardCode ?? 'unknown', ageGroup: birth === null ? 'unknown' : ageGroupOf(ageOn(birth, day)) };
      cells.set(JSON.stringify(cell), cell);
    }
    const slipIds: string[] = [];
    for await (const { doc } of this.engine.projectionStore.scan('suspense', { prefix: `${this.tenant}/` })) {
      const slip = doc as SuspenseDoc;
      if (slip.slip.residentId === residentId) slipIds.push(slip.slipId);
    }
    const metadata = this.meta();
    await this.engine.store.appendMulti([
      {
        stream: streams.resident(this.tenant, residentId), expectedRevision: BigInt(resident.revision),
        events: [this.envelope('SubjectErased', { residentId, reason: options.reason ?? '保存期間の経過', withinRetention, slipIds }, metadata)],
      },
      { stream: streams.statistics(this.tenant), expectedRevision: 'any', events: [this.envelope('StatisticsRetained', { cells: [...cells.values()] }, metadata)] },
    ]);
    await this.engine.catchUp();
    await this.engine.cipher.destroy(this.tenant, residentId);
    // The eligibility snapshot holds the person's items under a key of its own: that key goes too.
    await this.engine.discardEligibilitySnapshot();
    return { withinRetention };
  }

  /** 統計: counts and coverage with every cell under 10 persons suppressed. Logged as a read of aggregates. */
  async statistics(fiscalYear: number): Promise<StatisticsReport> {
    if (!Number.isInteger(fiscalYear) || fiscalYear < 1900 || fiscalYear > 2200) throw new DomainError('invalid-fiscal-year', '--fiscal-year must be a year such as 2025');
    await this.authorize('statistics.view');
    await this.engine.catchUp();
    const docs = await this.engine.eligibilityDocs();
    const retainedKey = docKey(this.tenant, 'retained');
    const retained = (await this.engine.projectionStore.getDocs('retained-statistics', [retainedKey])).get(retainedKey)?.doc as RetainedStatisticsDoc | undefined;
    const report = computeStatistics(docs, fiscalYear, this.engine.rules, retained?.cells ?? []);
    await this.logRead('statistics.view', ['aggregateCounts'], { count: report.doses.length + report.coverage.length });
    return report;
  }

  /**
   * The operation log of this tenant, filtered; viewing it is itself logged. With a limit, only the last entries that
   * pass the filter (read from the newest row back, where the store can).
   */
  async operationLog(filter: OplogFilter = {}): Promise<OplogEntry[]> {
    if (filter.limit !== undefined && (!Number.isSafeInteger(filter.limit) || filter.limit < 0)) {
      throw new DomainError('invalid-limit', 'the number of entries to show must be a whole number, 0 or more');
    }
    await this.authorize('oplog.view', filter.resident);
    let shown: OplogEntry[];
    if (filter.limit !== undefined) shown = await lastOperationLogEntries(this.engine.store, this.tenant, sealedClearView, filter.limit, filter);
    else {
      shown = [];
      for await (const entry of readSelectedOperationLog(this.engine.store, this.tenant, sealedClearView, filter)) shown.push(entry);
    }
    await this.logRead('oplog.view', ['operationLog'], { residentId: filter.resident, count: shown.length });
    return shown;
  }

  /**
   * The operation log of this tenant, filtered, entry by entry, for a log too large to hold in memory (a city's whole
   * log). The read is logged first, so nothing is shown unlogged; it covers the rows stored when it began, so its own
   * record and anything written while it runs are not part of it.
   */
  async *operationLogEntries(selection: OplogSelection = {}): AsyncIterable<OplogEntry> {
    await this.authorize('oplog.view', selection.resident);
    const head = Number((await this.engine.store.head()).position);
    await this.logRead('oplog.view', ['operationLog'], { residentId: selection.resident });
    for await (const entry of readSelectedOperationLog(this.engine.store, this.tenant, sealedClearView, selection)) {
      if (entry.position > head) return;
      yield entry;
    }
  }

  private async logRead(action: string, items: string[], extra: { residentId?: string; asOf?: string; count?: number }): Promise<void> {
    const data = parseDomainEvent('RecordViewed', { action, items, ...extra }).data;
    await this.engine.store.append(
      streams.access(this.tenant, this.operatorId),
      [{ id: newEventId(), type: 'RecordViewed', schemaVersion: currentVersionOf('RecordViewed'), data, metadata: this.meta() }],
      { expectedRevision: 'any' },
    );
    await this.engine.catchUp();
  }
}

import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import {
  DomainError, currentVersionOf, parseDomainEvent, residentDecider, streams, vaccinationDecider,
  operatorDecider, ResidentDetailsSchema, VaccinationFieldsSchema,
  type Action, type Purpose, type ResidentCommand, type ResidentDetails, type Role, type VaccinationCommand,
  type VaccinationFields,
} from '@vaxledger/domain';
import {
  docKey, ledgerProjection, oplogProjection, projectedEventOf,
  type LedgerDoc, type OplogEntry, type ResidentDoc,
} from '@vaxledger/projections';
import type { Engine } from './engine.ts';

export interface RecordVaccinationInput extends Omit<VaccinationFields, 'category'> {
  readonly residentId: string;
  readonly category?: VaccinationFields['category'];
  readonly source: 'clinic-slip' | 'counter' | 'other-municipality' | 'vrs' | 'manual';
  readonly identityDocument?: string;
  readonly warnings?: readonly string[];
  readonly recordId?: string;
}

export interface LedgerView {
  readonly residentId: string;
  readonly resident: Pick<ResidentDetails, 'kanaName' | 'kanjiName' | 'birthDate' | 'sex'> & { readonly status: string };
  readonly records: LedgerDoc['records'][string][];
  readonly asOf: string | null;
}

export interface OplogFilter {
  readonly resident?: string;
  readonly byOperator?: string;
  readonly outcome?: 'allowed' | 'denied';
  readonly limit?: number;
}

/** The items a ledger view shows, named for the operation log. */
const LEDGER_ITEMS = ['kanaName', 'kanjiName', 'birthDate', 'sex', 'vaccinations'] as const;

function describeInvalid(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(value)'}: ${i.message}`).join('; ');
}

/** One operator acting for one purpose. Built by `engine.session(operatorId, purpose)`. */
export class Session {
  constructor(
    private readonly engine: Engine,
    readonly operatorId: string,
    readonly purpose: Purpose,
  ) {}

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
    await this.engine.authorize(this.operatorId, this.purpose, action, command.residentId);
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
      this.engine.metadata(this.operatorId, this.purpose, randomUUID()),
    );
    await this.engine.catchUp();
    return decided.right.length;
  }

  // ---- vaccinations ----------------------------------------------------------------------------

  /** Registers a vaccination; returns its record id. The resident must be in the registry. */
  async recordVaccination(input: RecordVaccinationInput): Promise<string> {
    const { residentId, source, identityDocument, warnings, recordId, ...rest } = input;
    const fields = VaccinationFieldsSchema.safeParse({ category: 'routine', ...rest });
    if (!fields.success) throw new DomainError('invalid-vaccination', `resident ${residentId}: ${describeInvalid(fields.error)}`);
    const id = recordId ?? randomUUID();
    await this.vaccination({ type: 'RecordVaccination', recordId: id, residentId, fields: fields.data, source, identityDocument, warnings: warnings ?? [] });
    return id;
  }

  async correctVaccination(input: { residentId: string; recordId: string; changes: Partial<VaccinationFields>; reason: string }): Promise<void> {
    const changes = VaccinationFieldsSchema.partial().safeParse(input.changes);
    if (!changes.success) throw new DomainError('invalid-correction', `record ${input.recordId}: ${describeInvalid(changes.error)}`);
    await this.vaccination({ type: 'CorrectVaccination', recordId: input.recordId, residentId: input.residentId, changes: changes.data, reason: input.reason });
  }

  async voidVaccination(input: { residentId: string; recordId: string; reason: string }): Promise<void> {
    await this.vaccination({ type: 'VoidVaccination', ...input });
  }

  private async vaccination(command: VaccinationCommand): Promise<void> {
    await this.engine.authorize(this.operatorId, this.purpose, 'vaccination.write', command.residentId);
    await this.requireResident(command.residentId);
    const stream = streams.vaccination(this.tenant, command.residentId);
    const { state, revision } = await this.engine.load(vaccinationDecider, stream);
    const decided = vaccinationDecider.decide(command, state);
    if (E.isLeft(decided)) throw decided.left;
    await this.engine.appendDecided(
      { stream, events: decided.right, expectedRevision: revision ?? 'no_stream' },
      this.engine.metadata(this.operatorId, this.purpose, randomUUID()),
    );
    await this.engine.catchUp();
  }

  private async requireResident(residentId: string): Promise<ResidentDoc> {
    const doc = (await this.engine.projectionStore.getDocs('residents', [docKey(this.tenant, residentId)])).get(docKey(this.tenant, residentId));
    if (!doc) throw new DomainError('unknown-resident', `resident ${residentId} is not registered`);
    return doc.doc as ResidentDoc;
  }

  // ---- operators -------------------------------------------------------------------------------

  async registerOperator(operatorId: string, roles: readonly Role[], purposes: readonly Purpose[]): Promise<void> {
    await this.engine.authorize(this.operatorId, this.purpose, 'operator.manage');
    const stream = streams.operator(this.tenant, operatorId);
    const { state, revision } = await this.engine.load(operatorDecider, stream);
    const decided = operatorDecider.decide({ type: 'RegisterOperator', operatorId, roles, purposes }, state);
    if (E.isLeft(decided)) throw decided.left;
    await this.engine.appendDecided({ stream, events: decided.right, expectedRevision: revision ?? 'no_stream' }, this.engine.metadata(this.operatorId, this.purpose, randomUUID()));
    await this.engine.catchUp();
  }

  async deactivateOperator(operatorId: string, reason: string): Promise<void> {
    await this.engine.authorize(this.operatorId, this.purpose, 'operator.manage');
    const stream = streams.operator(this.tenant, operatorId);
    const { state, revision } = await this.engine.load(operatorDecider, stream);
    const decided = operatorDecider.decide({ type: 'DeactivateOperator', operatorId, reason }, state);
    if (E.isLeft(decided)) throw decided.left;
    await this.engine.appendDecided({ stream, events: decided.right, expectedRevision: revision ?? 'any' }, this.engine.metadata(this.operatorId, this.purpose, randomUUID()));
    await this.engine.catchUp();
  }

  // ---- reads (each one is on the record before it is shown) ------------------------------------

  /**
   * The vaccination ledger of one resident, now or as the store knew it at a past instant (`asOf`, ISO 8601).
   * The read is appended to the operation log before the ledger is returned.
   */
  async viewLedger(residentId: string, options: { asOf?: string } = {}): Promise<LedgerView> {
    await this.engine.authorize(this.operatorId, this.purpose, 'ledger.view', residentId);
    const resident = await this.requireResident(residentId);
    let asOf: string | null = null;
    if (options.asOf !== undefined) {
      const t = Date.parse(options.asOf);
      if (Number.isNaN(t)) throw new DomainError('invalid-instant', '--as-of is not an ISO 8601 instant');
      asOf = new Date(t).toISOString();
    }
    const doc = asOf === null ? await this.currentLedger(residentId) : await this.ledgerAsOf(residentId, { instant: asOf });
    await this.logRead('ledger.view', [...LEDGER_ITEMS], { residentId, asOf: asOf ?? undefined, count: doc?.order.length ?? 0 });
    return {
      residentId,
      resident: { kanaName: resident.details.kanaName, kanjiName: resident.details.kanjiName, birthDate: resident.details.birthDate, sex: resident.details.sex, status: resident.status },
      records: doc ? doc.order.map((id) => doc.records[id]!) : [],
      asOf,
    };
  }

  private async currentLedger(residentId: string): Promise<LedgerDoc | undefined> {
    const key = docKey(this.tenant, residentId);
    return (await this.engine.projectionStore.getDocs('ledger', [key])).get(key)?.doc as LedgerDoc | undefined;
  }

  /**
   * Replays the resident's vaccination stream up to an instant or a global position: the ledger as it stood then.
   * (The ledger document of a resident depends on that stream alone, so the replay equals a full rebuild to that point.)
   */
  async ledgerAsOf(residentId: string, at: { instant?: string; position?: number }): Promise<LedgerDoc | undefined> {
    let doc: LedgerDoc | undefined;
    const key = docKey(this.tenant, residentId);
    for await (const e of this.engine.store.readStream(streams.vaccination(this.tenant, residentId))) {
      if (at.instant !== undefined && e.recordedAt > at.instant) break;
      if (at.position !== undefined && Number(e.globalPosition) > at.position) break;
      doc = ledgerProjection.evolve(doc, projectedEventOf(e, ''), key);
    }
    return doc;
  }

  /** The operation log of this tenant, filtered; viewing it is itself logged. */
  async operationLog(filter: OplogFilter = {}): Promise<OplogEntry[]> {
    await this.engine.authorize(this.operatorId, this.purpose, 'oplog.view', filter.resident);
    await this.engine.catchUp();
    const out: OplogEntry[] = [];
    for await (const { doc } of this.engine.projectionStore.scan(oplogProjection.name, { prefix: `${this.tenant}/` })) {
      const entry = doc as OplogEntry;
      if (filter.resident !== undefined && entry.resident !== filter.resident) continue;
      if (filter.byOperator !== undefined && entry.operator !== filter.byOperator) continue;
      if (filter.outcome !== undefined && entry.outcome !== filter.outcome) continue;
      out.push(entry);
    }
    const shown = filter.limit !== undefined ? out.slice(-filter.limit) : out;
    await this.logRead('oplog.view', ['operationLog'], { residentId: filter.resident, count: shown.length });
    return shown;
  }

  private async logRead(action: string, items: string[], extra: { residentId?: string; asOf?: string; count?: number }): Promise<void> {
    const data = parseDomainEvent('RecordViewed', { action, items, ...extra }).data;
    await this.engine.store.append(
      streams.access(this.tenant, this.operatorId),
      [{ id: randomUUID(), type: 'RecordViewed', schemaVersion: currentVersionOf('RecordViewed'), data, metadata: this.engine.metadata(this.operatorId, this.purpose, randomUUID()) }],
      { expectedRevision: 'any' },
    );
    await this.engine.catchUp();
  }
}
